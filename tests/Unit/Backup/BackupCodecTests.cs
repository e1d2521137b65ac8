using System;
using System.IO;
using System.Linq;
using System.Text;
using Rostrvm.Core.Backup;
using Xunit;

namespace Rostrvm.Tests.Unit.Backup
{
    public class BackupCodecTests
    {
        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(131072)]
        [InlineData(131073)]
        [InlineData(300000)]
        public void A_stored_zstd_frame_decompresses_to_its_input_and_its_size_depends_only_on_the_length(int length)
        {
            var data = new byte[length];
            new Random(length).NextBytes(data);
            var frame = BackupCodec.Zstd.Stored(data, length);
            using (var text = BackupCodec.Zstd.OpenRead(new MemoryStream(frame)))
            using (var copy = new MemoryStream())
            {
                text.CopyTo(copy);
                Assert.Equal(data, copy.ToArray());
            }
            Assert.Equal(frame.Length, BackupCodec.Zstd.Stored(new byte[length], length).Length);
        }

        [Theory]
        [InlineData(BackupCompression.Gzip, ".rbk.gz")]
        [InlineData(BackupCompression.Zstd, ".rbk.zst")]
        public void Concatenated_members_read_as_one_stream_and_the_last_member_is_found_from_the_tail(BackupCompression compression,
            string extension)
        {
            var codec = BackupCodec.For(compression)!;
            Assert.Equal(extension, codec.Extension);
            var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + extension);
            try
            {
                var head = Encoding.UTF8.GetBytes("-- header\n");
                var body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("INSERT INTO t VALUES (1,'x');\n", 5000)));
                var last = Encoding.UTF8.GetBytes("-- rostrvm-backup-complete: {}\n");
                var compressed = codec.Compress(body, body.Length);
                Assert.True(compressed.Length < body.Length / 10);
                using (var file = File.Create(path))
                {
                    foreach (var member in new[] { codec.Stored(head, head.Length), compressed, codec.Compress(last, last.Length) })
                        file.Write(member, 0, member.Length);
                }
                Assert.Equal(compression, BackupCatalog.CompressionOf(path));
                using (var text = new StreamReader(BackupCatalog.OpenText(path)))
                    Assert.Equal("-- header\n" + Encoding.UTF8.GetString(body) + "-- rostrvm-backup-complete: {}\n", text.ReadToEnd());
                using (var file = File.OpenRead(path))
                    Assert.Equal("-- rostrvm-backup-complete: {}\n", codec.ReadLastMember(file, 64 * 1024));
            }
            finally { File.Delete(path); }
        }

        [Fact]
        public void A_damaged_zstd_frame_fails_as_invalid_data()
        {
            var body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("INSERT INTO t VALUES (2,'y');\n", 5000)));
            var frame = BackupCodec.Zstd.Compress(body, body.Length);
            frame[frame.Length / 2] ^= 0x5a;
            frame[frame.Length - 1] ^= 0x5a; // the content checksum
            using (var text = BackupCodec.Zstd.OpenRead(new MemoryStream(frame)))
                Assert.Throws<InvalidDataException>(() => text.CopyTo(Stream.Null));
        }

        [Fact]
        public void A_zstd_backup_is_named_and_recognised_like_a_gzip_one()
        {
            Assert.Equal("rostrvm_920_3.rbk.zst", BackupCycle.FileName("920", 3, BackupCompression.Zstd));
            Assert.Equal("rostrvm_920_3.rbk.zst.gpg", BackupCycle.FileName("920", 3, BackupCompression.Zstd, encrypted: true));
            Assert.Equal(3, BackupCycle.SlotOf("/x/rostrvm_920_3.rbk.zst"));
            Assert.Equal(3, BackupCycle.SlotOf("/x/rostrvm_920_3.rbk.zst.gpg"));
            Assert.True(BackupCycle.IsBackupFile("/x/rostrvm_920_3.rbk.zst"));
            Assert.Contains("rostrvm_920_3.rbk.zst", BackupCycle.FileNames("920", 3));
            Assert.Equal(BackupCompression.Zstd, BackupCatalog.CompressionOf("/b/rostrvm_920_1.rbk.zst.1a2b3c4d.rostrvm-partial"));
            Assert.Equal(BackupCompression.None, BackupCatalog.CompressionOf("/b/rostrvm_920_1.rbk.1a2b3c4d.rostrvm-partial"));
        }

        [Fact]
        public void Binlog_retention_reads_where_a_zstd_backup_starts_as_it_reads_a_gzip_one()
        {
            using (var folder = new TempDirectory())
            {
                var backups = new[] { ("rostrvm_920_1.rbk.zst", "rtmbinlog.000007"), ("rostrvm_920_2.rbk.gz", "rtmbinlog.000009") };
                foreach (var (name, file) in backups)
                {
                    var codec = BackupCodec.ForPath(name)!;
                    var head = Encoding.UTF8.GetBytes("-- rostrvm-backup: {\"binlogFile\":\"" + file + "\"}\n");
                    var frame = codec.Stored(head, head.Length);
                    File.WriteAllBytes(folder.File(name), frame);
                }
                Assert.Equal("rtmbinlog.000007", Rostrvm.Core.Binlog.BinlogBackup.OldestNeededBinlog(folder.Path));
            }
        }
    }
}
