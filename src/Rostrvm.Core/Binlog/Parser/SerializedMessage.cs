namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// Reads what MySQL's serialization framework writes (MySQL 8.3+, the tagged GTID event):
    /// a message is <c>varlen(format version) varlen(message size) varlen(last non-ignorable field id)</c>
    /// then <c>varlen(field id) value</c> pairs with increasing ids; absent optional fields are simply
    /// not written. The size counts the whole message from the format version on.
    /// https://github.com/mysql/mysql-server/blob/trunk/libs/mysql/serialization/readme.md
    /// </summary>
    internal static class SerializedMessage
    {
        /// <summary>Reads the message header; returns the body offset where the message ends.</summary>
        public static int ReadHeader(ref EventBodyReader r, int lastKnownFieldId, string what)
        {
            var start = r.Offset;
            var version = SerializedVarLen.ReadUnsigned(ref r);
            if (version != 1) throw new EventDecodeException($"{what}: unknown serialization format version {version}");
            var size = SerializedVarLen.ReadUnsigned(ref r);
            var lastNonIgnorable = SerializedVarLen.ReadUnsigned(ref r);
            if (size < (ulong)(r.Offset - start) || size > (ulong)(r.Offset - start + r.Remaining))
                throw new EventDecodeException($"{what}: message size {size} does not fit the {r.Offset - start + r.Remaining} byte(s) " +
                    "of the event body");
            // Fields a newer server marked as not to be ignored cannot be skipped safely.
            if (lastNonIgnorable > (ulong)(lastKnownFieldId + 1))
                throw new EventDecodeException($"{what}: the message holds field {lastNonIgnorable - 1}, newer than this reader knows " +
                    "and not to be ignored");
            return start + (int)size;
        }

        /// <summary>A string: its length as a variable-length integer, then its bytes.</summary>
        public static string ReadString(ref EventBodyReader r, int maxLength, string what)
        {
            var length = SerializedVarLen.ReadUnsigned(ref r);
            if (length > (ulong)maxLength) throw new EventDecodeException($"{what}: string of {length} bytes, longer than {maxLength}");
            return r.ReadString((int)length);
        }

        /// <summary>A fixed-size byte array: each element is a variable-length integer of its own.</summary>
        public static byte[] ReadByteArray(ref EventBodyReader r, int count, string what)
        {
            var bytes = new byte[count];
            for (var i = 0; i < count; i++)
            {
                var v = SerializedVarLen.ReadUnsigned(ref r);
                if (v > 255) throw new EventDecodeException($"{what}: array element {v} is not a byte");
                bytes[i] = (byte)v;
            }
            return bytes;
        }
    }
}
