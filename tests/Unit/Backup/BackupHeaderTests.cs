using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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
            Tables = new List<BackupTableEntry>
            {
                new BackupTableEntry { Name = "users", Chunks = 1 }, new BackupTableEntry { Name = "mis_call", Chunks = 3 },
            },
        };

        [Fact]
        public void A_format_2_header_holds_no_counts_and_the_completion_line_holds_them()
        {
            var header = Sample();
            var line = BackupHeader.Preamble(header).Split('\n').Single(l => l.StartsWith(BackupHeader.Marker));
            Assert.Contains("\"format\":2", line);
            Assert.DoesNotContain("\"rows\"", line);
            Assert.DoesNotContain("\"digest\":\"", line.Substring(line.IndexOf("\"tables\"", StringComparison.Ordinal)));
            var parsed = BackupHeader.TryParse(line);
            Assert.NotNull(parsed);
            Assert.Equal("rtmbinlog.000007", parsed.BinlogFile);
            Assert.Equal(12345, parsed.BinlogPosition);
            Assert.Equal(new[] { "users", "mis_call" }, parsed.Tables.Select(t => t.Name));
            Assert.Equal(3, parsed.Tables[1].Chunks);

            var completion = new BackupCompletion
            {
                Rows = 12000, Bytes = 99, Sha256 = new string('a', 64), Tables = 2,
                TableEntries = new List<BackupTableEntry>
                {
                    new BackupTableEntry { Name = "users", Rows = 0, Digest = "0000000000000000" },
                    new BackupTableEntry { Name = "mis_call", Rows = 12000, Digest = "fedcba9876543210" },
                },
            };
            var read = BackupCompletion.TryParse(completion.ToLine());
            Assert.NotNull(read);
            var counts = read.TablesOf(parsed);
            Assert.NotNull(counts);
            Assert.Equal(new long[] { 0, 12000 }, counts.Select(t => t.Rows));
            Assert.Equal("fedcba9876543210", counts[1].Digest);
        }

        [Fact]
        public void A_format_1_header_keeps_its_counts_and_the_completion_line_is_not_asked_for_them()
        {
            var line = File.ReadLines(V1Fixture.Path).Single(l => l.StartsWith(BackupHeader.Marker, StringComparison.Ordinal));
            var header = BackupHeader.TryParse(line);
            Assert.NotNull(header);
            Assert.Equal(1, header.FormatVersion);
            var completion = BackupCatalog.ReadCompletion(V1Fixture.Path);
            Assert.NotNull(completion);
            Assert.Null(completion.TableEntries);
            var counts = completion.TablesOf(header);
            Assert.NotNull(counts);
            Assert.Equal(new[] { "agents", "blobs", "nokey" }, counts.Select(t => t.Name));
            Assert.Equal(new long[] { 3, 3, 2 }, counts.Select(t => t.Rows));
            Assert.Equal(counts, BackupCatalog.ReadTableCounts(V1Fixture.Path), new EntryComparer());
        }

        [Fact]
        public void A_format_1_file_lists_as_complete_and_verifies()
        {
            var info = BackupCatalog.Read(V1Fixture.Path, verify: true);
            Assert.Equal("Complete", info.Status);
            Assert.True(info.Verified);
            Assert.Equal(8, info.Rows);
            Assert.Equal(3, info.Tables);
            Assert.Equal("rtmbinlog.000001", info.BinlogFile);
            Assert.Equal(new[] { "agent_names" }, info.Views);
        }

        private sealed class EntryComparer : IEqualityComparer<BackupTableEntry>
        {
            public bool Equals(BackupTableEntry? a, BackupTableEntry? b) =>
                a == null || b == null ? a == b : a.Name == b.Name && a.Rows == b.Rows && a.Digest == b.Digest;
            public int GetHashCode(BackupTableEntry e) => e.Name.GetHashCode();
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
