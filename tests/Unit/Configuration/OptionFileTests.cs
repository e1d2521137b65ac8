using System.IO;
using Rostrvm.Core.Connection;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;
using Xunit;

namespace Rostrvm.Tests.Unit.Configuration
{
    public class OptionFileTests
    {
        private static string Write(TempDirectory dir, string text, bool ownerOnly = true)
        {
            var path = dir.File("client.cnf");
            File.WriteAllText(path, text);
            if (ownerOnly) FilePermissions.RestrictToOwner(path);
            return path;
        }

        [Fact]
        public void Reads_user_and_password_from_the_client_group()
        {
            using (var dir = new TempDirectory())
            {
                var path = Write(dir, "# comment\n[mysqld]\nuser=mysql\n[client]\nuser = backup\npassword=\"s3cr=t\"\nport=3308\n");
                var credential = OptionFile.ReadCredential(path);
                Assert.Equal("backup", credential.UserName);
                Assert.Equal("s3cr=t", credential.Password);
            }
        }

        [Fact]
        public void Refuses_a_file_other_users_can_read()
        {
            if (System.OperatingSystem.IsWindows()) return; // Unix modes; tests/Windows/Windows.Tests.ps1 checks the ACL
            using (var dir = new TempDirectory())
            {
                var path = Write(dir, "[client]\nuser=a\npassword=b\n", ownerOnly: false);
                File.SetUnixFileMode(path,
                    UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                var ex = Assert.Throws<RostrvmException>(() => OptionFile.ReadCredential(path));
                Assert.Equal("OptionFileInsecure", ex.ErrorId);
                Assert.Contains("group and others (mode 0644)", ex.Message);
                Assert.DoesNotContain("b\n", ex.Message);
            }
        }

        [Fact]
        public void Missing_file_and_missing_user_have_their_own_ids()
        {
            using (var dir = new TempDirectory())
            {
                Assert.Equal("OptionFileNotFound", Assert.Throws<RostrvmException>(() =>
                    OptionFile.ReadCredential(dir.File("none.cnf"))).ErrorId);
                var path = Write(dir, "[client]\npassword=x\n");
                Assert.Equal("OptionFileIncomplete", Assert.Throws<RostrvmException>(() => OptionFile.ReadCredential(path)).ErrorId);
            }
        }

        [Fact]
        public void Connection_description_never_holds_the_password()
        {
            var options = new ConnectionOptions { Server = "db1", Port = 3308,
                Credential = new System.Net.NetworkCredential("u", "TopSecret42") };
            Assert.Equal("u@db1:3308", options.ToString());
            Assert.DoesNotContain("TopSecret42", options.ToString());
        }
    }
}
