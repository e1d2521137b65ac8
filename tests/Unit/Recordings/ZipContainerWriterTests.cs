using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Rostrvm.Core.Recordings;
using Xunit;
using SharpZip = ICSharpCode.SharpZipLib.Zip;

namespace Rostrvm.Tests.Unit.Recordings
{
    /// <summary>The container the archiver writes itself must read back with SharpZipLib and with .NET's own zip reader.</summary>
    public sealed class ZipContainerWriterTests : IDisposable
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), "rostrvm-container-" + Guid.NewGuid().ToString("N") + ".zip");

        public void Dispose() { try { File.Delete(_path); } catch (IOException) { } }

        private static uint Crc(byte[] bytes) => System.IO.Hashing.Crc32.HashToUInt32(bytes);

        private void Write(int count, Func<int, byte[]> body, Func<int, bool> deflate)
        {
            using (var file = new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite))
            {
                var zip = new ZipContainerWriter(file);
                for (var i = 0; i < count; i++)
                {
                    var bytes = body(i);
                    var data = zip.BeginEntry(i + ".bin", new DateTime(2026, 3, 4, 5, 6, 7).AddMinutes(i), deflate(i));
                    data.Write(bytes, 0, bytes.Length);
                    zip.EndEntry(Crc(bytes), bytes.Length);
                }
                zip.Finish();
            }
        }

        [Fact]
        public void Stored_and_deflated_entries_read_back_with_both_readers()
        {
            var random = new Random(7);
            Func<int, byte[]> body = i => i % 2 == 0
                ? Enumerable.Range(0, 5000 + i).Select(_ => (byte)random.Next(256)).ToArray()
                : Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Grüße aus dem Archiv, Nummer " + i + "\n", 300)));
            var expected = Enumerable.Range(0, 6).Select(body).ToArray();
            Write(6, i => expected[i], i => i % 2 == 1);

            using (var zip = new SharpZip.ZipFile(_path))
            {
                Assert.True(zip.TestArchive(true));
                for (var i = 0; i < 6; i++)
                {
                    var entry = zip.GetEntry(i + ".bin");
                    Assert.Equal(i % 2 == 1 ? SharpZip.CompressionMethod.Deflated : SharpZip.CompressionMethod.Stored,
                        entry.CompressionMethod);
                    Assert.Equal(new DateTime(2026, 3, 4, 5, 6, 6).AddMinutes(i), entry.DateTime);   // DOS time: even seconds
                    using (var stream = zip.GetInputStream(entry))
                    using (var copy = new MemoryStream())
                    {
                        stream.CopyTo(copy);
                        Assert.Equal(expected[i], copy.ToArray());
                    }
                }
            }
            using (var archive = ZipFile.OpenRead(_path))
            {
                Assert.Equal(6, archive.Entries.Count);
                foreach (var entry in archive.Entries)
                using (var stream = entry.Open())
                using (var copy = new MemoryStream())
                {
                    stream.CopyTo(copy);
                    Assert.Equal(expected[int.Parse(entry.Name.Split('.')[0])], copy.ToArray());
                }
            }
        }

        [Fact]
        public void More_entries_than_the_end_record_counts_get_the_zip64_end_records()
        {
            const int count = ushort.MaxValue + 10;
            Write(count, i => BitConverter.GetBytes(i), i => false);
            using (var zip = new SharpZip.ZipFile(_path))
            {
                Assert.Equal(count, zip.Count);
                var last = zip.GetEntry((count - 1) + ".bin");
                Assert.Equal(Crc(BitConverter.GetBytes(count - 1)), (uint)last.Crc);
                using (var stream = zip.GetInputStream(last))
                {
                    var bytes = new byte[4];
                    Assert.Equal(4, stream.Read(bytes, 0, 4));
                    Assert.Equal(count - 1, BitConverter.ToInt32(bytes, 0));
                }
            }
            using (var archive = ZipFile.OpenRead(_path)) Assert.Equal(count, archive.Entries.Count);
        }

        [Fact]
        public void Dos_time_is_clamped_to_what_it_can_hold()
        {
            Assert.Equal(ZipContainerWriter.DosTime(new DateTime(1980, 1, 1)), ZipContainerWriter.DosTime(new DateTime(1970, 6, 1)));
            Assert.Equal((uint)((2026 - 1980) << 25 | 11 << 21 | 26 << 16 | 13 << 11 | 45 << 5 | 30 >> 1),
                ZipContainerWriter.DosTime(new DateTime(2026, 11, 26, 13, 45, 31)));
        }
    }
}
