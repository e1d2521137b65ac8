using System.IO;
using System.Text;
using Rostrvm.Core.IO;
using Xunit;

namespace Rostrvm.Tests.Unit.IO
{
    public class AtomicFileTests
    {
        [Fact]
        public void Nothing_appears_under_the_final_name_until_commit()
        {
            using (var dir = new TempDirectory())
            {
                var target = dir.File("data.bin");
                using (var file = AtomicFile.Create(target))
                {
                    file.Stream.Write(Encoding.ASCII.GetBytes("new"), 0, 3);
                    file.Flush();
                    Assert.False(File.Exists(target));
                    Assert.True(File.Exists(file.TemporaryPath));
                    file.Commit();
                }
                Assert.Equal("new", File.ReadAllText(target));
                Assert.Empty(Directory.GetFiles(dir.Path, "*" + AtomicFile.TemporarySuffix));
            }
        }

        [Fact]
        public void Abandoned_write_keeps_the_old_file_and_leaves_no_temporary()
        {
            using (var dir = new TempDirectory())
            {
                var target = dir.File("data.bin");
                File.WriteAllText(target, "old");
                using (var file = AtomicFile.Create(target))
                    file.Stream.Write(Encoding.ASCII.GetBytes("half"), 0, 4);
                Assert.Equal("old", File.ReadAllText(target));
                Assert.Single(Directory.GetFiles(dir.Path));
            }
        }

        [Fact]
        public void Commit_replaces_an_existing_file_and_is_owner_only()
        {
            using (var dir = new TempDirectory())
            {
                var target = dir.File("data.bin");
                File.WriteAllText(target, "old");
                using (var file = AtomicFile.Create(target))
                {
                    file.Stream.Write(Encoding.ASCII.GetBytes("new"), 0, 3);
                    file.Commit();
                }
                Assert.Equal("new", File.ReadAllText(target));
                if (FilePermissions.IsUnix) Assert.Equal(0x180, FilePermissions.GetUnixMode(target));
            }
        }

        [Fact]
        public void Leftovers_of_a_killed_run_are_removed()
        {
            using (var dir = new TempDirectory())
            {
                File.WriteAllText(dir.File("x.rbk.1234" + AtomicFile.TemporarySuffix), "partial");
                File.WriteAllText(dir.File("keep.rbk"), "complete");
                Assert.Equal(1, AtomicFile.RemoveLeftovers(dir.Path));
                Assert.Equal(new[] { dir.File("keep.rbk") }, Directory.GetFiles(dir.Path));
            }
        }
    }
}
