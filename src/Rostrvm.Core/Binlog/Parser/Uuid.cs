using System;
using System.Text;

namespace Rostrvm.Core.Binlog
{
    /// <summary>UUIDs the way MySQL prints them.</summary>
    internal static class Uuid
    {
        public static string Format(ReadOnlySpan<byte> b)
        {
            var sb = new StringBuilder(36);
            for (var i = 0; i < 16; i++)
            {
                if (i == 4 || i == 6 || i == 8 || i == 10) sb.Append('-');
                sb.Append(b[i].ToString("x2"));
            }
            return sb.ToString();
        }
    }
}
