using System;
using System.Globalization;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// A place in a chain of binlogs as -StopPosition takes it on every cmdlet: <c>file:position</c>
    /// (rtmbinlog.000012:4567), or a plain number, a position of the last file read, as
    /// mysqlbinlog --stop-position means it. One type, so a stop point copied from one cmdlet's
    /// output works on the others.
    /// </summary>
    public sealed class BinlogPosition : IEquatable<BinlogPosition>
    {
        /// <summary>The error id of text that is no binlog position.</summary>
        public const string InvalidId = "StopPositionInvalid";

        /// <summary>The first event of a binlog starts after its 4-byte magic number.</summary>
        public const long FirstEvent = 4;

        /// <summary>A position of the last file read.</summary>
        public BinlogPosition(long position)
            : this(null, position)
        {
        }

        /// <summary>A position of a named file (a path is reduced to its file name); null: the last file read.</summary>
        public BinlogPosition(string? file, long position)
        {
            if (position < FirstEvent) throw Invalid(position.ToString(CultureInfo.InvariantCulture));
            File = string.IsNullOrEmpty(file) ? null : System.IO.Path.GetFileName(file);
            Position = position;
        }

        /// <summary>The binlog file name, or null for the last file read.</summary>
        public string? File { get; }

        public long Position { get; }

        /// <summary>Parses <c>file:position</c> or a plain number; anything else is <see cref="InvalidId"/>.</summary>
        public static BinlogPosition Parse(string? text) =>
            TryParse(text, out var value) && value != null ? value : throw Invalid(text);

        public static bool TryParse(string? text, out BinlogPosition? value)
        {
            value = null;
            if (string.IsNullOrWhiteSpace(text)) return false;
            var trimmed = text!.Trim();
            var colon = trimmed.LastIndexOf(':');
            var file = colon < 0 ? null : System.IO.Path.GetFileName(trimmed.Substring(0, colon));
            if (colon >= 0 && string.IsNullOrEmpty(file)) return false;
            if (!long.TryParse(trimmed.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var position)
                || position < FirstEvent) return false;
            value = new BinlogPosition(file, position);
            return true;
        }

        public override string ToString() =>
            File == null ? Position.ToString(CultureInfo.InvariantCulture) : File + ":" + Position.ToString(CultureInfo.InvariantCulture);

        public bool Equals(BinlogPosition? other) =>
            other != null && Position == other.Position && string.Equals(File, other.File, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as BinlogPosition);

        public override int GetHashCode() => (File?.GetHashCode() ?? 0) * 31 + Position.GetHashCode();

        private static RostrvmException Invalid(string? text) =>
            new RostrvmException(InvalidId, FailureKind.InvalidArgument,
                $"-StopPosition '{text}' is not a binlog position: give file:position (rtmbinlog.000012:4567) or a position of " +
                    $"the last file (at least {FirstEvent}).", text);
    }
}
