using System.Runtime.Versioning;
using System.Security.Cryptography;

namespace Rostrvm.Core.Windows
{
    /// <summary>
    /// DPAPI with the current user's key and no extra entropy: what ConvertFrom-SecureString and
    /// Export-Clixml use on Windows, so a file written here reads back with Import-Clixml.
    /// Only reached behind an OS check (Configuration/CredentialFile).
    /// </summary>
    [SupportedOSPlatform("windows")]
    internal static class WindowsDpapi
    {
        public static byte[] Protect(byte[] plain) => ProtectedData.Protect(plain, null, DataProtectionScope.CurrentUser);

        /// <summary>Null when the data was protected by another account or machine.</summary>
        public static byte[]? Unprotect(byte[] protectedData)
        {
            try { return ProtectedData.Unprotect(protectedData, null, DataProtectionScope.CurrentUser); }
            catch (CryptographicException) { return null; }
        }
    }
}
