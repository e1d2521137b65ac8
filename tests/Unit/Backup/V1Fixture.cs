using System;
using System.IO;

namespace Rostrvm.Tests.Unit.Backup
{
    /// <summary>
    /// A backup in .rbk format 1 (row counts in the header, binary values as hex) written by the
    /// format-1 writer: tables with text, every byte value in BLOB/VARBINARY/BINARY columns, empty
    /// and NULL values, a table without a key, a view and a procedure (tests/fixtures/backup-v1).
    /// </summary>
    internal static class V1Fixture
    {
        public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", "backup-v1", "rostrvm_920_1.rbk");
    }
}
