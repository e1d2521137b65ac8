#nullable disable
using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Rostrvm.Core.Backup;
using Xunit;

namespace Rostrvm.Tests.Unit.Backup
{
    public class RowTupleHexTests
    {
        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(7)]
        [InlineData(256)]
        [InlineData(1001)]
        public void Hex_equals_the_plain_conversion(int size)
        {
            var raw = new byte[size];
            new Random(size).NextBytes(raw);
            if (size >= 2) { raw[0] = 0x00; raw[1] = 0xFF; }
            var buffer = new byte[5 + 2 * size];
            RowTupleReader.Hex(raw, new Span<byte>(buffer, 5, 2 * size));
            var expected = BitConverter.ToString(raw).Replace("-", string.Empty);
            Assert.Equal(expected, Encoding.ASCII.GetString(buffer, 5, 2 * size));
        }
    }

    public class GzipMembersTests
    {
        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(1500)]
        [InlineData(65535)]
        [InlineData(65536)]
        [InlineData(200000)]
        public void Stored_member_decompresses_to_its_input_and_its_size_depends_only_on_the_length(int length)
        {
            var data = new byte[length];
            new Random(length).NextBytes(data);
            var member = GzipMembers.Stored(data, length);
            using (var gzip = new GZipStream(new MemoryStream(member), CompressionMode.Decompress))
            using (var copy = new MemoryStream())
            {
                gzip.CopyTo(copy);
                Assert.Equal(data, copy.ToArray());
            }
            var other = new byte[length];
            Assert.Equal(member.Length, GzipMembers.Stored(other, length).Length);
        }

        [Fact]
        public void Concatenated_members_read_as_one_stream_and_the_last_member_is_found_from_the_tail()
        {
            var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".rbk.gz");
            try
            {
                var head = Encoding.UTF8.GetBytes("-- header\n");
                var body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("INSERT INTO t VALUES (1,'x');\n", 5000)));
                var last = Encoding.UTF8.GetBytes("-- rostrvm-backup-complete: {}\n");
                using (var file = File.Create(path))
                {
                    foreach (var member in new[] { GzipMembers.Stored(head, head.Length), GzipMembers.Compress(body, body.Length), GzipMembers.Compress(last, last.Length) })
                        file.Write(member, 0, member.Length);
                }
                using (var text = new StreamReader(BackupCatalog.OpenText(path)))
                    Assert.Equal("-- header\n" + Encoding.UTF8.GetString(body) + "-- rostrvm-backup-complete: {}\n", text.ReadToEnd());
                using (var file = File.OpenRead(path))
                    Assert.Equal("-- rostrvm-backup-complete: {}\n", GzipMembers.ReadLastMember(file));
            }
            finally { File.Delete(path); }
        }
    }

    public class BackupHeaderTests
    {
        private static BackupHeader Sample() => new BackupHeader
        {
            Database = "rostrvm_920", Flavor = "MariaDB", ServerVersion = "10.11.19",
            SnapshotTimeUtc = new DateTime(2026, 11, 25, 1, 2, 3, DateTimeKind.Utc),
            BinlogFile = "rtmbinlog.000007", BinlogPosition = 12345, Gtid = "0-1-99",
            Tables = new List<BackupTableEntry> { new BackupTableEntry { Name = "users", Chunks = 1 }, new BackupTableEntry { Name = "mis_call", Chunks = 3 } },
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
            var counts = read.TablesOf(parsed);
            Assert.Equal(new long[] { 0, 12000 }, counts.Select(t => t.Rows));
            Assert.Equal("fedcba9876543210", counts[1].Digest);
        }

        [Fact]
        public void A_format_1_header_keeps_its_counts_and_the_completion_line_is_not_asked_for_them()
        {
            var line = File.ReadLines(V1Fixture.Path).Single(l => l.StartsWith(BackupHeader.Marker, StringComparison.Ordinal));
            var header = BackupHeader.TryParse(line);
            Assert.Equal(1, header.FormatVersion);
            var completion = BackupCatalog.ReadCompletion(V1Fixture.Path);
            Assert.Null(completion.TableEntries);
            var counts = completion.TablesOf(header);
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
            public bool Equals(BackupTableEntry a, BackupTableEntry b) => a.Name == b.Name && a.Rows == b.Rows && a.Digest == b.Digest;
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

    public class BackupCycleTests
    {
        private static BackupInfo Backup(int slot, bool complete, int hour, string ext = ".rbk") => new BackupInfo
        {
            Name = "rostrvm_920_" + slot + ext, Slot = slot, Complete = complete, Status = complete ? "Complete" : "Incomplete",
            SnapshotTimeUtc = new DateTime(2026, 11, 1, hour, 0, 0, DateTimeKind.Utc),
        };

        [Fact]
        public void Names_follow_the_cycle_pattern()
        {
            Assert.Equal("rostrvm_920_2.rbk", BackupCycle.FileName("920", 2, BackupCompression.None));
            Assert.Equal("rostrvm_920_1.rbk.gz", BackupCycle.FileName("920", 1, BackupCompression.Gzip));
            Assert.Equal("rostrvm_920_1.scripts.zip", BackupCycle.ScriptsFileName("920", 1));
            Assert.Equal(3, BackupCycle.SlotOf("/x/rostrvm_920_3.rbk.gz"));
            Assert.Equal(0, BackupCycle.SlotOf("rostrvm_920_3.rbk", "921"));
            Assert.Equal(0, BackupCycle.SlotOf("other.rbk"));
        }

        [Fact]
        public void An_empty_slot_is_chosen_first()
        {
            Assert.Equal(1, BackupCycle.ChooseSlot(new BackupInfo[0], "920", 2));
            Assert.Equal(2, BackupCycle.ChooseSlot(new[] { Backup(1, true, 5) }, "920", 2));
        }

        [Fact]
        public void The_oldest_complete_backup_is_replaced_when_all_slots_are_full()
        {
            Assert.Equal(2, BackupCycle.ChooseSlot(new[] { Backup(1, true, 5), Backup(2, true, 3) }, "920", 2));
            Assert.Equal(1, BackupCycle.ChooseSlot(new[] { Backup(1, true, 1), Backup(2, true, 3) }, "920", 2));
        }

        [Fact]
        public void An_incomplete_backup_is_replaced_before_any_complete_one()
        {
            Assert.Equal(2, BackupCycle.ChooseSlot(new[] { Backup(1, true, 1), Backup(2, false, 9) }, "920", 2));
        }

        [Fact]
        public void Slots_beyond_the_cycle_are_ignored()
        {
            Assert.Equal(1, BackupCycle.ChooseSlot(new[] { Backup(1, true, 1), Backup(3, true, 0) }, "920", 1));
        }
    }

    public class SqlScriptReaderTests
    {
        [Fact]
        public void Splits_like_the_mysql_client()
        {
            var script = "-- comment ; here\n/*!40101 SET NAMES utf8mb4 */;\nINSERT INTO `a;b` VALUES ('x;y\\';z',\"q;\"),(0xAB);\n# hash comment\n" +
                         "DELIMITER ;;\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 'a;;b'; END ;;\nDELIMITER ;\nSELECT 2;\nSELECT 'it''s;'";
            var statements = SqlScriptReader.Split(script);
            Assert.Equal(new[]
            {
                "/*!40101 SET NAMES utf8mb4 */",
                "INSERT INTO `a;b` VALUES ('x;y\\';z',\"q;\"),(0xAB)",
                "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 'a;;b'; END",
                "SELECT 2",
                "SELECT 'it''s;'",
            }, statements);
        }

        [Fact]
        public void Keeps_multibyte_text_and_negative_numbers()
        {
            var statements = SqlScriptReader.Split("INSERT INTO t VALUES (-5,'Zoë — 日本;'),(-1.5e-3,'x');");
            Assert.Equal("INSERT INTO t VALUES (-5,'Zoë — 日本;'),(-1.5e-3,'x')", Assert.Single(statements));
        }

        [Fact]
        public void Reads_statements_across_buffer_boundaries()
        {
            var big = new string('x', 200000);
            var statements = SqlScriptReader.Split($"INSERT INTO t VALUES ('{big}');\nSELECT 1;");
            Assert.Equal(2, statements.Count);
            Assert.Equal(200000 + 25, statements[0].Length);
        }
    }

    public class DumpTableTests
    {
        [Fact]
        public void Generated_columns_are_not_selected_and_binary_columns_come_raw()
        {
            var table = new DumpTable
            {
                Name = "t",
                Columns = new List<DumpColumn>
                {
                    new DumpColumn { Name = "id", DataType = "int", Kind = DumpColumn.KindOf("int") },
                    new DumpColumn { Name = "body", DataType = "longblob", Kind = DumpColumn.KindOf("longblob") },
                    new DumpColumn { Name = "name", DataType = "varchar", CharacterSet = "latin1", Kind = DumpColumn.KindOf("varchar") },
                    new DumpColumn { Name = "flags", DataType = "bit", Kind = DumpColumn.KindOf("bit") },
                },
            };
            var expected = new[] { DumpValueKind.Plain, DumpValueKind.BinaryQuoted, DumpValueKind.Quoted, DumpValueKind.Plain };
            Assert.Equal(expected.Select(k => k | DumpValueKind.MaybeNull), table.ValueKinds());
            Assert.Equal("CAST(`id` AS BINARY),`body`,CAST(CONVERT(`name` USING utf8mb4) AS BINARY),CAST(`flags`+0 AS BINARY)", table.SelectList(wireRows: false));
            Assert.Equal("`id`,`body`,`name`,`flags`+0", table.SelectList(wireRows: true));
            Assert.Equal("INSERT INTO `t` (`id`,`body`,`name`,`flags`) VALUES ", table.InsertPrefix());
        }
    }
}
