using System;
using System.IO;
using System.IO.Compression;
using System.Text;
using System.Threading;
using Rostrvm.Core.IO;
using Xunit;

namespace Rostrvm.Tests.Unit.Logs
{
    public class ZipRoundTripTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "rostrvm-zip-" + Guid.NewGuid().ToString("N"));

        public ZipRoundTripTests() => Directory.CreateDirectory(_dir);
        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private static byte[] LogBytes(int lines)
        {
            var text = new StringBuilder();
            var random = new Random(42);
            for (var i = 0; i < lines; i++)
                text.Append($"2026-11-01 10:{i % 60:00}:00.000 INFO CallDirector: call {random.Next()} " +
                    $"routed to queue {random.Next(40)}\n");
            return Encoding.UTF8.GetBytes(text.ToString());
        }

        private string WriteZip(byte[] content, string name, DateTime time, out ZipEntryInfo written)
        {
            var path = Path.Combine(_dir, name + ".zip");
            using (var file = File.Create(path))
            using (var source = new MemoryStream(content))
            {
                written = ZipEntryWriter.WriteSingle(file, name, time, source, CancellationToken.None);
            }
            return path;
        }

        [Fact]
        public void writes_one_entry_with_the_name_time_and_bytes_of_the_source()
        {
            var content = LogBytes(5000);
            var time = new DateTime(2026, 10, 3, 14, 25, 36, DateTimeKind.Local);
            var path = WriteZip(content, "CallDirector_20261003.log", time, out var written);

            Assert.Equal(content.Length, written.Length);
            using (var archive = ZipFile.OpenRead(path))
            {
                var entry = Assert.Single(archive.Entries);
                Assert.Equal("CallDirector_20261003.log", entry.FullName);
                Assert.Equal(time, entry.LastWriteTime.DateTime); // even seconds survive DOS time
                using (var data = entry.Open())
                using (var copy = new MemoryStream())
                {
                    data.CopyTo(copy);
                    Assert.Equal(content, copy.ToArray());
                }
                Assert.True(entry.CompressedLength < content.Length / 3);
            }

            var verified = Assert.Single(ZipVerifier.Verify(path, new[] { written }, CancellationToken.None));
            Assert.Equal(written.Crc32, verified.Crc32);
            Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(content), verified.Crc32);
        }

        [Fact]
        public void a_flipped_byte_in_the_compressed_data_fails_verification()
        {
            var path = WriteZip(LogBytes(5000), "a.log", DateTime.Now, out var written);
            var bytes = File.ReadAllBytes(path);
            bytes[bytes.Length / 2] ^= 0x5A;
            File.WriteAllBytes(path, bytes);

            var ex = Assert.Throws<ZipCorruptException>(() => ZipVerifier.Verify(path, new[] { written }, CancellationToken.None));
            Assert.Equal("CorruptZip", ex.ErrorId);
            Assert.Equal(path, ex.Target);
        }

        [Fact]
        public void a_truncated_zip_fails_even_the_directory_read()
        {
            var path = WriteZip(LogBytes(2000), "a.log", DateTime.Now, out _);
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length - 30).ToArray());

            Assert.Throws<ZipCorruptException>(() => ZipVerifier.ReadDirectory(path));
            Assert.Throws<ZipCorruptException>(() => ZipVerifier.Verify(path, null, CancellationToken.None));
        }

        [Fact]
        public void verification_rejects_a_zip_holding_other_content()
        {
            var path = WriteZip(LogBytes(100), "a.log", DateTime.Now, out var written);
            var other = new ZipEntryInfo("a.log", written.Length, written.Crc32 ^ 1, DateTime.Now);
            Assert.Throws<ZipCorruptException>(() => ZipVerifier.Verify(path, new[] { other }, CancellationToken.None));
        }

        [Fact]
        public void several_entries_can_be_written_to_one_archive()
        {
            var path = Path.Combine(_dir, "scripts.zip");
            var a = LogBytes(10);
            var b = LogBytes(20);
            ZipEntryInfo first, second;
            using (var file = File.Create(path))
            using (var writer = new ZipEntryWriter(file))
            {
                first = writer.Add("Scripts/a.txt", DateTime.Now, new MemoryStream(a), CancellationToken.None);
                second = writer.Add("Macros/b.txt", DateTime.Now, new MemoryStream(b), CancellationToken.None);
            }
            var entries = ZipVerifier.Verify(path, new[] { first, second }, CancellationToken.None);
            Assert.Equal(new[] { "Scripts/a.txt", "Macros/b.txt" }, new[] { entries[0].Name, entries[1].Name });
        }
    }
}
