using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Rostrvm.Core.IO
{
    /// <summary>
    /// Windows paths as text, whatever the platform reading them: a drive letter (C:\rostrvm), a UNC
    /// share (\\nas01\rostrvm), the long-path form (\\?\C:\..., \\?\UNC\...). A settings file, a
    /// server's log_bin_basename or a path in a backup's header may come from a Windows machine, so
    /// names are split at either separator when the path is a Windows one; anything else goes to
    /// System.IO.Path as before.
    /// </summary>
    public static class PortablePath
    {
        /// <summary>Windows refuses longer paths without the \\?\ form (MAX_PATH, 260 with its terminator; folders 248).</summary>
        public const int ShortPathLimit = 248;

        private const string LongPrefix = @"\\?\";
        private const string LongUncPrefix = @"\\?\UNC\";

        /// <summary>C:\..., C:/..., \\server\share\... or \\?\...: a full Windows path.</summary>
        public static bool IsWindowsRooted(string path) =>
            (path.Length >= 3 && char.IsLetter(path[0]) && path[1] == ':' && (path[2] == '\\' || path[2] == '/'))
            || IsUnc(path) || path.StartsWith(LongPrefix, StringComparison.Ordinal);

        /// <summary>\\server\share\... (not the \\?\ form of a drive path).</summary>
        public static bool IsUnc(string path) =>
            path.StartsWith(LongUncPrefix, StringComparison.OrdinalIgnoreCase)
            || path.Length > 2 && path[0] == '\\' && path[1] == '\\' && path[2] != '?' && path[2] != '.';

        /// <summary>The name after the last separator (either kind for a Windows path).</summary>
        public static string GetFileName(string path)
        {
            if (!IsWindowsRooted(path)) return Path.GetFileName(path);
            var cut = path.LastIndexOfAny(new[] { '\\', '/' });
            return cut < 0 ? path : path.Substring(cut + 1);
        }

        /// <summary>The folder part (either separator for a Windows path); null for a root or a bare name.</summary>
        public static string? GetDirectoryName(string path)
        {
            if (!IsWindowsRooted(path)) return Path.GetDirectoryName(path);
            var cut = path.LastIndexOfAny(new[] { '\\', '/' });
            if (cut < 0) return null;
            var folder = path.Substring(0, cut);
            // C:\name -> C:\ (the root keeps its separator); \\server\share\name -> \\server\share.
            return folder.Length == 2 && folder[1] == ':' ? folder + "\\" : folder;
        }

        /// <summary>
        /// The \\?\ form of a full Windows path too long for the classic APIs (Windows PowerShell 5.1's
        /// .NET Framework refuses it otherwise); shorter, relative or already long paths are unchanged.
        /// </summary>
        public static string ToLongPath(string path)
        {
            if (path.Length < ShortPathLimit || path.StartsWith(LongPrefix, StringComparison.Ordinal) || !IsWindowsRooted(path))
                return path;
            var backslashed = path.Replace('/', '\\');
            return IsUnc(backslashed) ? LongUncPrefix + backslashed.Substring(2) : LongPrefix + backslashed;
        }

        /// <summary><see cref="ToLongPath"/> on Windows, where the file system needs it; the path as it is elsewhere.</summary>
        public static string ForFileSystem(string path) =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? ToLongPath(path) : path;
    }
}
