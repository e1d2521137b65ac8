using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using Rostrvm.Core.Windows;

namespace Rostrvm.Core.IO
{
    /// <summary>
    /// Owner-only files. Unix: mode 0600 (folders 0700); netstandard2.0 has no Unix file-mode API,
    /// so the .NET 7+ methods (File.GetUnixFileMode / SetUnixFileMode) are called by reflection.
    /// Windows: an access list with inheritance off, full control for the current user, the
    /// TaskAccount, SYSTEM and Administrators only (IO/FileAclSddl, applied by Windows/WindowsFileAcl).
    /// </summary>
    public static class FilePermissions
    {
        private static readonly MethodInfo? s_getMode = typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(string) });
        private static readonly Type? s_modeType = s_getMode?.ReturnType;
        private static readonly MethodInfo? s_setMode =
            s_modeType == null ? null : typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), s_modeType });

        public static bool IsUnix => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>
        /// Windows: the account the scheduled jobs run as (the TaskAccount setting, set when the
        /// settings are read), given full control beside the current user so either can work on
        /// what the other created.
        /// </summary>
        public static string? TaskAccount { get; set; }

        /// <summary>Makes a file readable and writable by its owner only.</summary>
        public static void RestrictToOwner(string path)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                WindowsFileAcl.Protect(path, FileObjectKind.File, TaskAccount);
                return;
            }
            if (s_setMode == null) return;
            const int ownerReadWrite = 0x180; // 0600
            s_setMode.Invoke(null, new[] { path, Enum.ToObject(s_modeType, ownerReadWrite) });
        }

        /// <summary>Makes a folder usable by its owner only (0700; on Windows an access list its files inherit).</summary>
        public static void RestrictFolderToOwner(string path)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                WindowsFileAcl.Protect(path, FileObjectKind.Folder, TaskAccount);
                return;
            }
            if (s_setMode == null) return;
            const int ownerAll = 0x1C0; // 0700
            s_setMode.Invoke(null, new[] { path, Enum.ToObject(s_modeType, ownerAll) });
        }

        /// <summary>Creates a folder the module owns, 0700; a folder that already exists is left as its administrator made it.</summary>
        public static void CreateOwnerOnlyFolder(string path)
        {
            if (Directory.Exists(path)) return;
            Directory.CreateDirectory(path);
            RestrictFolderToOwner(path);
        }

        /// <summary>
        /// Makes <paramref name="target"/> (a copy of <paramref name="source"/>, e.g. a log's zip)
        /// no more readable than its source: the source's read/write bits (never execute), and,
        /// when this process runs as root and so may, the source's owner and group. Unix only.
        /// </summary>
        public static void MatchNoWider(string source, string target)
        {
            var mode = GetUnixMode(source);
            if (mode == null || s_setMode == null) return;
            s_setMode.Invoke(null, new[] { target, Enum.ToObject(s_modeType, mode.Value & 0x1B6) }); // & 0666
            if (!IsRoot()) return;
            using (var chown = Process.Start(new ProcessStartInfo("chown", "--reference=" + Quote(source) + " " + Quote(target))
            { UseShellExecute = false, RedirectStandardError = true, CreateNoWindow = true }))
            {
                var error = chown.StandardError.ReadToEnd();
                chown.WaitForExit();
                if (chown.ExitCode != 0) throw new IOException($"Cannot give '{target}' the owner of '{source}': {error.Trim()}");
            }
        }

        [DllImport("libc", EntryPoint = "geteuid")]
        private static extern uint GetEffectiveUserId();

        private static bool IsRoot()
        {
            try { return GetEffectiveUserId() == 0; }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException) { return false; }
        }

        private static string Quote(string path) => "\"" + path.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

        /// <summary>Unix permission bits of a file, or null where they cannot be read (Windows).</summary>
        public static int? GetUnixMode(string path)
        {
            if (!IsUnix || s_getMode == null) return null;
            return Convert.ToInt32(s_getMode.Invoke(null, new object[] { path }));
        }

        /// <summary>True when group or others may read or write the file (Windows: another account may read it).</summary>
        public static bool IsReadableByOthers(string path) => OtherReaders(path).Count > 0;

        /// <summary>
        /// Who besides the owner may read the file: "group and others (mode 0644)" on Unix, the
        /// account names on Windows (beyond the owner, this user, the TaskAccount, SYSTEM and Administrators); empty when private.
        /// </summary>
        public static IReadOnlyList<string> OtherReaders(string path)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return WindowsFileAcl.OtherReaders(path, TaskAccount);
            var mode = GetUnixMode(path);
            if (!mode.HasValue || (mode.Value & 0x3F) == 0) return new string[0]; // none of 0077
            bool group = (mode.Value & 0x38) != 0, others = (mode.Value & 0x7) != 0;
            var who = group && others ? "group and others" : group ? "group" : "others";
            return new[] { who + " (mode " + Convert.ToString(mode.Value & 0x1FF, 8).PadLeft(4, '0') + ")" };
        }
    }
}
