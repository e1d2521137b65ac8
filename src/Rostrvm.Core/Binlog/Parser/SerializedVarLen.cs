namespace Rostrvm.Core.Binlog
{
    /// <summary>The variable-length integers of MySQL's serialization framework: the number of
    /// trailing one bits of the first byte says how many more bytes follow (eight: a whole
    /// 64-bit value follows); signed values keep their sign in the lowest bit.</summary>
    internal static class SerializedVarLen
    {
        public static ulong ReadUnsigned(ref EventBodyReader r)
        {
            var first = r.ReadByte();
            var extra = 0;
            while (extra < 8 && ((first >> extra) & 1) == 1) extra++;
            if (extra == 8)
            {
                return r.ReadUInt64();
            }
            ulong value = (ulong)first >> (extra + 1);
            var shift = 7 - extra;
            for (var i = 0; i < extra; i++)
            {
                value |= (ulong)r.ReadByte() << shift;
                shift += 8;
            }
            return value;
        }

        public static long ReadSigned(ref EventBodyReader r)
        {
            var u = ReadUnsigned(ref r);
            return (u & 1) == 0 ? (long)(u >> 1) : -(long)(u >> 1) - 1;
        }
    }
}
