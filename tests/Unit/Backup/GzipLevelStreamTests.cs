using System;
using System.IO;
using System.Linq;
using System.Text;
using ICSharpCode.SharpZipLib.GZip;
using Rostrvm.Core.Backup;
using Xunit;

namespace Rostrvm.Tests.Unit.Backup
{
    public class GzipLevelStreamTests
    {
        private static readonly byte[] s_sql = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20000)
            .Select(i => $"INSERT INTO calls VALUES ({i},'queue-{i % 13}','2026-12-0{1 + i % 9} 10:{i % 60:00}:00',{i * 7919 % 600});\n")));

        private static byte[] Compress(int level)
        {
            using (var target = new MemoryStream())
            {
                using (var gzip = GzipLevelStream.Create(target, level)) gzip.Write(s_sql, 0, s_sql.Length);
                return target.ToArray();
            }
        }

        private static byte[] Decompress(byte[] member)
        {
            // SharpZipLib's reader: a decoder other than the runtime's zlib that wrote the member.
            using (var gzip = new GZipInputStream(new MemoryStream(member)))
            using (var copy = new MemoryStream())
            {
                gzip.CopyTo(copy);
                return copy.ToArray();
            }
        }

        [Fact]
        public void The_runtime_of_the_tests_takes_an_exact_level()
        {
            // .NET 9 and later have ZLibCompressionOptions; the tests run on .NET 10, as PowerShell 7.6 does.
            Assert.True(Environment.Version.Major >= 9);
            Assert.True(GzipLevelStream.ExactLevel);
        }

        [Fact]
        public void Each_level_gives_a_gzip_member_of_the_same_text_and_the_levels_differ()
        {
            var sizes = new[] { 1, 5, 9 }.Select(level =>
            {
                var member = Compress(level);
                Assert.Equal(s_sql, Decompress(member));
                return member.Length;
            }).ToArray();
            Assert.True(sizes[0] > sizes[1] && sizes[1] >= sizes[2], $"sizes at levels 1, 5, 9: {string.Join(", ", sizes)}");
        }

        [Fact]
        public void Backup_members_are_written_at_the_backup_level()
        {
            var member = GzipMembers.Compress(s_sql, s_sql.Length);
            Assert.Equal(s_sql, Decompress(member));
            Assert.Equal(Compress(GzipMembers.Level), member);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(10)]
        public void A_level_outside_1_to_9_is_refused(int level)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => GzipLevelStream.Create(new MemoryStream(), level));
        }
    }
}
