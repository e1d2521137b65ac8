using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Rostrvm.Core.Backup;
using Xunit;

namespace Rostrvm.Tests.Unit.Backup
{
    public class BackupHeaderTests
    {
        private static BackupHeader Sample() => new BackupHeader
        {
            Database = "rostrvm_920", Flavor = "MariaDB", ServerVersion = "10.11.19",
            SnapshotTimeUtc = new DateTime(2026, 11, 25, 1, 2, 3, DateTimeKind.Utc),
            BinlogFile = "rtmbinlog.000007", BinlogPosition = 12345, Gtid = "0-1-99",
            Tables = new List<BackupTableEntry> { new BackupTableEntry { Name = "users", Chunks = 1 },
                new BackupTableEntry { Name = "mis_call", Chunks = 3 } },
        };

        [Fact]
        public void Final_header_fits_exactly_in_the_placeholder_and_parses_back()
        {
            var header = Sample();
            var placeholder = BackupHeader.Preamble(header.WithPlaceholders());
            header.Tables[0].Rows = 60; header.Tables[0].Digest = "0123456789abcdef";
            header.Tables[1].Rows = 12000; header.Tables[1].Digest = "fedcba9876543210";
            var final = BackupHeader.Preamble(header, Encoding.UTF8.GetByteCount(placeholder));
            Assert.Equal(Encoding.UTF8.GetByteCount(placeholder), Encoding.UTF8.GetByteCount(final));
            var line = final.Split('\n').Single(l => l.StartsWith(BackupHeader.Marker));
            var parsed = BackupHeader.TryParse(line);
            Assert.Equal("rtmbinlog.000007", parsed.BinlogFile);
            Assert.Equal(12345, parsed.BinlogPosition);
            Assert.Equal(12000, parsed.Tables[1].Rows);
            Assert.Equal("fedcba9876543210", parsed.Tables[1].Digest);
        }

        [Fact]
        public void A_compressed_backup_is_recognised_under_its_temporary_name()
        {
            Assert.True(BackupCatalog.IsCompressed("/b/rostrvm_920_1.rbk.gz.1a2b3c4d.rostrvm-partial"));
            Assert.False(BackupCatalog.IsCompressed("/b/rostrvm_920_1.rbk.1a2b3c4d.rostrvm-partial"));
            Assert.True(BackupCatalog.IsCompressed("/b/rostrvm_920_1.rbk.gz"));
        }

        [Fact]
        public void Foreign_lines_are_not_headers()
        {
            Assert.Null(BackupHeader.TryParse("-- MySQL dump 10.13"));
            Assert.Null(BackupHeader.TryParse(BackupHeader.Marker + "{not json"));
            Assert.Null(BackupCompletion.TryParse(BackupCompletion.Marker + "{\"rows\":1}"));
        }
    }
}
