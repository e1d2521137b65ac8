using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Rostrvm.Core.Backup;
using Xunit;

namespace Rostrvm.Tests.Unit.Backup
{
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
                    var members = new[]
                    {
                        GzipMembers.Stored(head, head.Length), GzipMembers.Compress(body, body.Length),
                        GzipMembers.Compress(last, last.Length),
                    };
                    foreach (var member in members)
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
}
