namespace Rostrvm.Core.Backup
{
    /// <summary>How a column's values are written to the dump.</summary>
    public enum DumpColumnKind
    {
        /// <summary>Numbers: the server's text, unquoted.</summary>
        Number,
        /// <summary>BIT: its integer value.</summary>
        Bit,
        /// <summary>BLOB, BINARY, VARBINARY, spatial: _binary'...' escaped (hex in format 1), encoded by the client.</summary>
        Binary,
        /// <summary>Strings, dates, times, ENUM, SET, JSON: quoted and escaped like QUOTE() does.</summary>
        Text,
    }
}
