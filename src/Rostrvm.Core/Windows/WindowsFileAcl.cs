using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;
using Rostrvm.Core.IO;

namespace Rostrvm.Core.Windows
{
    /// <summary>
    /// Applies and reads file access lists on Windows. Only reached behind an OS check
    /// (FilePermissions); its signatures use plain strings so that code on other platforms
    /// never loads the access-control assemblies.
    /// </summary>
    [SupportedOSPlatform("windows")]
    internal static class WindowsFileAcl
    {
        /// <summary>Owner-only: the current user, <paramref name="account"/> when given, SYSTEM and Administrators.</summary>
        public static void Protect(string path, FileObjectKind kind, string? account)
        {
            var sddl = FileAclSddl.For(kind, Accounts(account));
            if (kind == FileObjectKind.Folder)
            {
                var security = new DirectorySecurity();
                security.SetSecurityDescriptorSddlForm(sddl, AccessControlSections.Access);
                new DirectoryInfo(path).SetAccessControl(security);
            }
            else
            {
                var security = new FileSecurity();
                security.SetSecurityDescriptorSddlForm(sddl, AccessControlSections.Access);
                new FileInfo(path).SetAccessControl(security);
            }
        }

        /// <summary>Names of the accounts besides owner, current user, task account, SYSTEM and Administrators that may read it.</summary>
        public static IReadOnlyList<string> OtherReaders(string path, string? account)
        {
            var sddl = new FileInfo(path).GetAccessControl(AccessControlSections.Access | AccessControlSections.Owner)
                .GetSecurityDescriptorSddlForm(AccessControlSections.Access | AccessControlSections.Owner);
            return FileAclSddl.OtherReaders(sddl, Accounts(account)).Select(Name).ToList();
        }

        private static IEnumerable<string> Accounts(string? account)
        {
            using (var identity = WindowsIdentity.GetCurrent())
                yield return identity.User?.Value ?? FileAclSddl.SystemSid;
            if (!string.IsNullOrEmpty(account))
                yield return ((SecurityIdentifier)new NTAccount(account!).Translate(typeof(SecurityIdentifier))).Value;
        }

        private static string Name(string sid)
        {
            try { return new SecurityIdentifier(sid).Translate(typeof(NTAccount)).Value; }
            catch (IdentityNotMappedException) { return sid; }
        }
    }
}
