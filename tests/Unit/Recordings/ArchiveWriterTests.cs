using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using ICSharpCode.SharpZipLib.Zip;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Recordings;
using Xunit;

namespace Rostrvm.Tests.Unit.Recordings
{
    public sealed class ArchiveWriterTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "rostrvm-archive-tests-" + Guid.NewGuid().ToString("N"));

        public ArchiveWriterTests() => Directory.CreateDirectory(_dir);

        public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

        internal static byte[] Wav(int seed, int samples)
        {
            var random = new Random(seed);
            using (var ms = new MemoryStream())
            using (var w = new BinaryWriter(ms))
            {
                w.Write(new[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F' }); w.Write(36 + samples * 2);
                w.Write(new[] { (byte)'W', (byte)'A', (byte)'V', (byte)'E', (byte)'f', (byte)'m', (byte)'t', (byte)' ' });
                w.Write(16); w.Write((short)1); w.Write((short)1); w.Write(8000); w.Write(16000); w.Write((short)2); w.Write((short)16);
                w.Write(new[] { (byte)'d', (byte)'a', (byte)'t', (byte)'a' }); w.Write(samples * 2);
                for (var i = 0; i < samples; i++) w.Write((short)(Math.Sin(i * 0.05 * (1 + seed % 7)) * 8000 + random.Next(-500, 500)));
                w.Flush();
                return ms.ToArray();
            }
        }

        internal static byte[] Mp3(int seed, int length)
        {
            var bytes = new byte[length];
            new Random(seed).NextBytes(bytes);
            bytes[0] = (byte)'I'; bytes[1] = (byte)'D'; bytes[2] = (byte)'3';
            return bytes;
        }

        private string WriteArchive(IList<byte[]> bodies, string? password, long maxSize = long.MaxValue, string? format = "wav")
        {
            var start = new DateTime(2026, 10, 1, 8, 0, 0);
            using (var writer = new ArchiveWriter(_dir, "Voice Recording", password, maxSize, new byte[65536]))
            {
                for (var i = 0; i < bodies.Count; i++)
                {
                    var record = writer.Add(i + 1, start.AddMinutes(i), (i + 1) + "." + format, format, new MemoryStream(bodies[i]),
                        bodies[i].Length, CancellationToken.None);
                    record.Json = record.Serialize(new[] { new KeyValuePair<string, object?>("id", (long)(i + 1)) }, null);
                    writer.Record(record);
                }
                writer.Finish();
                var final = ArchiveName.Available(_dir, "Voice Recording", writer.Manifest.From, writer.Manifest.To);
                File.Move(writer.TemporaryPath, final);
                return final;
            }
        }

        [Fact]
        public void Bodies_read_back_byte_identical_audio_stored_and_text_deflated()
        {
            var text = System.Text.Encoding.UTF8.GetBytes(
                string.Concat(Enumerable.Repeat("Ich möchte meine Bestellung ändern. 你好 😀\r\n", 400)));
            var bodies = new List<byte[]> { Wav(1, 40000), Mp3(2, 30000), text };
            var path = WriteArchive(bodies, null, format: null);
            Assert.Equal("Voice Recording 2026-10-01 08.00.00 2026-10-01 08.02.00.sdb", Path.GetFileName(path));
            using (var zip = new ZipFile(path))
            {
                Assert.Equal(CompressionMethod.Stored, zip.GetEntry("1.").CompressionMethod);   // sniffed RIFF WAVE
                Assert.Equal(CompressionMethod.Stored, zip.GetEntry("2.").CompressionMethod);   // sniffed ID3
                Assert.Equal(CompressionMethod.Deflated, zip.GetEntry("3.").CompressionMethod); // text
                Assert.True(zip.GetEntry("3.").CompressedSize < zip.GetEntry("3.").Size / 4);
            }
            using (var reader = ArchiveReader.Open(path, null))
            {
                Assert.Equal(3, reader.Manifest.Recordings.Count);
                Assert.Empty(reader.Verify(new byte[4096], CancellationToken.None));
                for (var i = 0; i < bodies.Count; i++)
                {
                    var output = new MemoryStream();
                    reader.CopyTo(reader.Manifest.Recordings[i], output, new byte[1000], CancellationToken.None);
                    Assert.Equal(bodies[i], output.ToArray());
                }
            }
        }

        [Fact]
        public void Aes_archive_needs_its_password_and_rejects_a_wrong_one()
        {
            var bodies = new List<byte[]> { Wav(4, 5000), Mp3(5, 7000) };
            var path = WriteArchive(bodies, "s3cret!");
            using (var zip = new ZipFile(path))
            {
                foreach (ZipEntry entry in zip) { Assert.True(entry.IsCrypted); Assert.Equal(256, entry.AESKeySize); }
            }
            Assert.Equal("ArchivePasswordRequired", Assert.Throws<RostrvmException>(() => ArchiveReader.Open(path, null)).ErrorId);
            Assert.Equal("ArchivePasswordIncorrect", Assert.Throws<RostrvmException>(() => ArchiveReader.Open(path, "wrong")).ErrorId);
            using (var reader = ArchiveReader.Open(path, "s3cret!"))
            {
                Assert.Empty(reader.Verify(new byte[4096], CancellationToken.None));
                var output = new MemoryStream();
                reader.CopyTo(reader.Manifest.Recordings[1], output, new byte[333], CancellationToken.None);
                Assert.Equal(bodies[1], output.ToArray());
            }
        }

        [Fact]
        public void Truncated_archive_is_reported_unreadable_by_name()
        {
            var path = WriteArchive(new List<byte[]> { Wav(6, 20000), Wav(7, 20000) }, null);
            using (var stream = new FileStream(path, FileMode.Open)) stream.SetLength(stream.Length / 2);
            var error = Assert.Throws<RostrvmException>(() => ArchiveReader.Open(path, null));
            Assert.Equal("ArchiveUnreadable", error.ErrorId);
            Assert.Contains(Path.GetFileName(path), error.Message);
        }

        [Fact]
        public void A_corrupted_entry_fails_verification_with_its_id()
        {
            var bodies = new List<byte[]> { Mp3(8, 20000), Mp3(9, 20000) };
            var path = WriteArchive(bodies, null, format: "mp3");
            // Flip a byte inside the second (stored) body.
            var file = File.ReadAllBytes(path);
            var offset = IndexOf(file, bodies[1].Skip(1000).Take(32).ToArray());
            Assert.True(offset > 0);
            file[offset] ^= 0xFF;
            File.WriteAllBytes(path, file);
            using (var reader = ArchiveReader.Open(path, null))
            {
                var bad = reader.Verify(new byte[4096], CancellationToken.None);
                Assert.Equal(new long[] { 2 }, bad.Select(b => b.Key.Id).ToArray());
            }
        }

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (var i = 0; i + needle.Length <= haystack.Length; i++)
                if (haystack.Skip(i).Take(needle.Length).SequenceEqual(needle)) return i;
            return -1;
        }

        [Theory]
        [InlineData(null)]
        [InlineData("pw")]
        public void Writer_never_exceeds_the_maximum_size_it_was_asked_for(string? password)
        {
            var random = new Random(42);
            const long max = 200_000;
            var bodies = Enumerable.Range(0, 60).Select(i =>
                i % 3 == 0 ? Mp3(i, random.Next(1000, 40000)) : Wav(i, random.Next(500, 20000))).ToList();
            var archives = 0;
            var index = 0;
            while (index < bodies.Count)
            {
                using (var writer = new ArchiveWriter(_dir, "Voice Recording", password, max, new byte[65536]))
                {
                    while (index < bodies.Count)
                    {
                        var body = bodies[index];
                        var record = new ManifestRecord { Id = index + 1, Entry = (index + 1) + ".wav",
                            Time = new DateTime(2026, 1, 1).AddSeconds(index) };
                        var planned = record.Serialize(null, null).Length;
                        if (writer.Count > 0 && !writer.Fits(body.Length, record.Entry, planned)) break;
                        record = writer.Add(index + 1, record.Time, record.Entry, "wav", new MemoryStream(body), body.Length,
                            CancellationToken.None);
                        record.Json = record.Serialize(null, null);
                        writer.Record(record);
                        index++;
                    }
                    writer.Finish();
                    var final = ArchiveName.Available(_dir, "Voice Recording", writer.Manifest.From, writer.Manifest.To);
                    File.Move(writer.TemporaryPath, final);
                    archives++;
                    Assert.True(new FileInfo(final).Length <= max, $"{final} is {new FileInfo(final).Length} bytes");
                }
            }
            Assert.True(archives >= 3);
            Assert.Equal(bodies.Count, Directory.GetFiles(_dir, "*.sdb")
                .Sum(f => { using (var r = ArchiveReader.Open(f, password)) return r.Manifest.Recordings.Count; }));
        }

        [Fact]
        public void Names_parse_back_and_never_collide()
        {
            var from = new DateTime(2026, 11, 3, 7, 5, 9);
            var to = new DateTime(2026, 11, 3, 23, 59, 59);
            var name = ArchiveName.Format("SMS Archive", from, to);
            Assert.Equal("SMS Archive 2026-11-03 07.05.09 2026-11-03 23.59.59.sdb", name);
            Assert.DoesNotContain(":", name);
            Assert.True(ArchiveName.TryParse(name, out var prefix, out var f, out var t));
            Assert.Equal(("SMS Archive", from, to), (prefix, f, t));
            File.WriteAllText(Path.Combine(_dir, name), "x");
            var second = ArchiveName.Available(_dir, "SMS Archive", from, to);
            Assert.Equal("SMS Archive 2026-11-03 07.05.09 2026-11-03 23.59.59 (2).sdb", Path.GetFileName(second));
            Assert.True(ArchiveName.TryParse(second, out prefix, out _, out _));
            Assert.Equal("SMS Archive", prefix);
        }
    }
}
