using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;
using Rostrvm.Core.Windows;

namespace Rostrvm.Core.Configuration
{
    /// <summary>
    /// The credential of the scheduled runs on Windows (the CredentialFile setting): a PSCredential
    /// as Export-Clixml writes it, its password protected by DPAPI for the account that wrote the
    /// file (so Import-Clixml reads it too, as that account only). Other platforms refuse it: there
    /// the owner-only option file does the job.
    /// </summary>
    public static class CredentialFile
    {
        private static readonly XNamespace s_ns = "http://schemas.microsoft.com/powershell/2004/04";
        private const string CredentialType = "System.Management.Automation.PSCredential";

        public static bool IsSupported => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>Writes the credential for the current account (owner-only, atomically); Windows only.</summary>
        public static void Write(string path, NetworkCredential credential)
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) throw Unsupported(path);
            var hex = ToHex(WindowsDpapi.Protect(Encoding.Unicode.GetBytes(credential.Password ?? string.Empty)));
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder)) FilePermissions.CreateOwnerOnlyFolder(folder);
            using (var file = AtomicFile.Create(path))
            {
                var text = Encoding.Unicode.GetBytes(ToCliXml(credential.UserName, hex));
                var bytes = Encoding.Unicode.GetPreamble().Concat(text).ToArray();
                file.Stream.Write(bytes, 0, bytes.Length);
                file.Commit();
            }
        }

        /// <summary>Reads the credential back as the account that wrote it; Windows only.</summary>
        public static NetworkCredential Read(string path)
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) throw Unsupported(path);
            if (!File.Exists(path))
                throw new RostrvmException("CredentialFileNotFound", FailureKind.ObjectNotFound,
                    $"The credential file '{path}' does not exist. Create it as the task account with Set-RostrvmConfiguration " +
                        "-CredentialFile -Credential (see Register-RostrvmMaintenanceTask).", path);
            var (user, protectedHex) = FromCliXml(File.ReadAllText(path), path);
            var plain = WindowsDpapi.Unprotect(FromHex(protectedHex, path))
                ?? throw new RostrvmException("CredentialFileUnreadable", FailureKind.SecurityError,
                    $"The credential file '{path}' was written by another account or on another machine, so this account " +
                    $"({Environment.UserName}) cannot decrypt it. Create it again as the account the tasks run as.", path);
            return new NetworkCredential(user, Encoding.Unicode.GetString(plain));
        }

        /// <summary>Refuses the setting where DPAPI does not exist, with what to use instead.</summary>
        public static void RefuseUnsupported(string path)
        {
            if (!IsSupported) throw Unsupported(path);
        }

        private static RostrvmException Unsupported(string path) => new RostrvmException("CredentialFileUnsupported",
            FailureKind.NotImplemented, $"A credential file ('{path}') is protected by Windows DPAPI, which this system does not have. " +
                "Store the account in " +
                    "an option file readable only by the task account (chmod 600, Set-RostrvmConfiguration -OptionFile) instead.", path);

        /// <summary>The CLIXML of a PSCredential whose password is the DPAPI blob <paramref name="protectedHex"/>.</summary>
        public static string ToCliXml(string userName, string protectedHex)
        {
            var document = new XElement(s_ns + "Objs", new XAttribute("Version", "1.1.0.1"),
                new XElement(s_ns + "Obj", new XAttribute("RefId", "0"),
                    new XElement(s_ns + "TN", new XAttribute("RefId", "0"),
                        new XElement(s_ns + "T", CredentialType), new XElement(s_ns + "T", "System.Object")),
                    new XElement(s_ns + "ToString", CredentialType),
                    new XElement(s_ns + "Props",
                        new XElement(s_ns + "S", new XAttribute("N", "UserName"), userName),
                        new XElement(s_ns + "SS", new XAttribute("N", "Password"), protectedHex))));
            return document.ToString();
        }

        /// <summary>User name and protected password of a PSCredential in CLIXML (ours, or Export-Clixml's).</summary>
        public static (string UserName, string ProtectedHex) FromCliXml(string xml, string path)
        {
            try
            {
                var obj = XDocument.Parse(xml).Root?.Element(s_ns + "Obj");
                var isCredential = obj?.Element(s_ns + "TN")?.Elements(s_ns + "T").Any(t => t.Value == CredentialType) ?? false;
                var props = obj?.Element(s_ns + "Props");
                var user = props?.Elements(s_ns + "S").FirstOrDefault(e => (string?)e.Attribute("N") == "UserName")?.Value;
                var password = props?.Elements(s_ns + "SS").FirstOrDefault(e => (string?)e.Attribute("N") == "Password")?.Value;
                if (isCredential && !string.IsNullOrEmpty(user) && !string.IsNullOrEmpty(password)) return (user!, password!);
            }
            catch (XmlException) { }
            throw Invalid(path);
        }

        private static RostrvmException Invalid(string path) => new RostrvmException("CredentialFileInvalid", FailureKind.InvalidData,
            $"The credential file '{path}' is not a PSCredential saved by Set-RostrvmConfiguration -CredentialFile or Export-Clixml. " +
                "Create it again.", path);

        private static string ToHex(byte[] bytes) => string.Concat(bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

        private static byte[] FromHex(string hex, string path)
        {
            if (hex.Length % 2 != 0) throw Invalid(path);
            var bytes = new byte[hex.Length / 2];
            for (var i = 0; i < bytes.Length; i++)
                if (!byte.TryParse(hex.Substring(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out bytes[i]))
                    throw Invalid(path);
            return bytes;
        }
    }
}
