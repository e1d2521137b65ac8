using System;
using System.IO;
using System.Net;
using System.Xml.Linq;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Connection;
using Rostrvm.Core.Errors;
using Xunit;

namespace Rostrvm.Tests.Unit.Configuration
{
    public class CredentialFileTests
    {
        private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "credential", name);

        [Fact]
        public void Writes_a_credential_as_Export_Clixml_does()
        {
            // The fixture is Export-Clixml of a PSCredential (pwsh on Linux writes the password as plain UTF-16 hex, Windows as
            // a DPAPI blob in the same element).
            var exported = XElement.Parse(File.ReadAllText(Fixture("export-clixml-pscredential.xml")));
            Assert.True(XNode.DeepEquals(exported, XElement.Parse(CredentialFile.ToCliXml("rostrvm", "70007700"))));
        }

        [Fact]
        public void Reads_user_and_protected_password_from_Export_Clixml()
        {
            var (user, password) = CredentialFile.FromCliXml(File.ReadAllText(Fixture("export-clixml-pscredential.xml")), "cred.xml");
            Assert.Equal("rostrvm", user);
            Assert.Equal("70007700", password);
        }

        [Theory]
        [InlineData("not xml")]
        [InlineData("<Objs xmlns='http://schemas.microsoft.com/powershell/2004/04'><Obj RefId='0'><TN RefId='0'><T>System.String</T></TN>" +
            "<Props><S N='UserName'>a</S><SS N='Password'>00</SS></Props></Obj></Objs>")]
        [InlineData("<Objs xmlns='http://schemas.microsoft.com/powershell/2004/04'><Obj RefId='0'><TN RefId='0'>" +
            "<T>System.Management.Automation.PSCredential</T></TN><Props><S N='UserName'>a</S></Props></Obj></Objs>")]
        public void Anything_but_a_saved_credential_is_CredentialFileInvalid(string text)
        {
            Assert.Equal("CredentialFileInvalid", Assert.Throws<RostrvmException>(() => CredentialFile.FromCliXml(text, "x.xml")).ErrorId);
        }

        [Fact]
        public void Off_Windows_a_credential_file_is_refused_with_the_option_file_as_the_way()
        {
            if (OperatingSystem.IsWindows()) return; // tests/Windows/Windows.Tests.ps1 makes the DPAPI round trip there
            using (var dir = new TempDirectory())
            {
                var path = dir.File("rostrvm.cred.xml");
                var write = Assert.Throws<RostrvmException>(() => CredentialFile.Write(path, new NetworkCredential("rostrvm", "pw")));
                Assert.Equal("CredentialFileUnsupported", write.ErrorId);
                Assert.Contains("option file", write.Message);
                Assert.False(File.Exists(path));
                File.WriteAllText(path, CredentialFile.ToCliXml("rostrvm", "70007700"));
                Assert.Equal("CredentialFileUnsupported", Assert.Throws<RostrvmException>(() => CredentialFile.Read(path)).ErrorId);
            }
        }

        [Fact]
        public void A_job_configured_with_a_credential_file_off_Windows_stops_at_the_refusal()
        {
            if (OperatingSystem.IsWindows()) return;
            var settings = new RostrvmSettings { Root = "/opt/rostrvm", CredentialFile = "/opt/rostrvm/rostrvm.cred.xml" };
            Assert.Equal("CredentialFileUnsupported",
                Assert.Throws<RostrvmException>(() => ConnectionOptions.FromSettings(settings)).ErrorId);
        }
    }
}
