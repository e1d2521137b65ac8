using System.Collections.Generic;
using System.IO;
using System.Linq;
using Rostrvm.Core.Configuration;

namespace Rostrvm.Core.Backup
{
    /// <summary>Where Backup-RostrvmScript puts its zip, what it zips, and the version number in the zip's name.</summary>
    public sealed class ScriptBackupOptions
    {
        private ScriptBackupOptions(string folder, IReadOnlyList<string> scriptFolders, string versionNumber)
        {
            Folder = folder;
            ScriptFolders = scriptFolders;
            VersionNumber = versionNumber;
        }

        /// <summary>The backup folder the zip goes in, beside the full backups: the one given (a backup file's folder), else
        /// BackupPath.</summary>
        public string Folder { get; }

        /// <summary>The folders zipped: those given, else ScriptPaths (CallDirector/Scripts and Macros under the root).</summary>
        public IReadOnlyList<string> ScriptFolders { get; }

        /// <summary>The version number of the settings (931 for 9.3.1), as in the backups' names.</summary>
        public string VersionNumber { get; }

        /// <summary>
        /// A script backup as the settings describe it; <paramref name="folder"/> and <paramref name="scriptFolders"/>,
        /// when given, override BackupPath and ScriptPaths.
        /// </summary>
        public static ScriptBackupOptions From(RostrvmSettings settings, string? folder = null, IEnumerable<string>? scriptFolders = null)
        {
            var chosen = folder is { Length: > 0 } ? folder : settings.EffectiveBackupPath;
            // A piped backup object gives its file as the folder: the zip goes beside it.
            if (File.Exists(chosen)) chosen = Path.GetDirectoryName(chosen) ?? chosen;
            return new ScriptBackupOptions(chosen, (scriptFolders ?? settings.EffectiveScriptPaths).ToList(), settings.VersionNumber);
        }
    }
}
