using System;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// A binlog file that cannot be read as far as asked: not a binlog, an unsupported format,
    /// a checksum mismatch, a truncated or damaged event. Names the file and the byte position.
    /// Nothing after <see cref="Position"/> in that file is trusted.
    /// </summary>
    public sealed class BinlogFormatException : RostrvmException
    {
        public BinlogFormatException(string errorId, string file, long position, string reason, Exception? inner = null)
            : base(errorId, FailureKind.InvalidData, Compose(file, position, reason), file, inner)
        {
            File = file;
            Position = position;
            Reason = reason;
        }

        /// <summary>The binlog file (full path as opened).</summary>
        public string File { get; }

        /// <summary>Byte offset of the event (or header) that could not be read; -1 for the whole file.</summary>
        public long Position { get; }

        public string Reason { get; }

        private static string Compose(string file, long position, string reason) =>
            position >= 0
                ? $"Binlog '{file}' cannot be read at position {position}: {reason}"
                : $"Binlog '{file}' cannot be read: {reason}";
    }
}
