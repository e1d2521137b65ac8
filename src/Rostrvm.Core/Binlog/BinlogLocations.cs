using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Connection;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// Where a server's binlogs are, decided once for every job: the server's own folder (BinlogPath
    /// in the settings when set, else the folder of log_bin_basename), whether it is readable from
    /// here, and the folder of the copies taken off it (BinlogBackupPath).
    /// </summary>
    public sealed class BinlogLocations
    {
        private BinlogLocations(string? serverFolder, string? baseName, string copiesFolder)
        {
            ServerFolder = serverFolder;
            BaseName = baseName;
            CopiesFolder = copiesFolder;
        }

        /// <summary>The server's binlog folder; null when neither the settings nor the server name one.</summary>
        public string? ServerFolder { get; }

        /// <summary>The server's folder exists here (the job runs on the database server, or BinlogPath reaches it).</summary>
        public bool ServerFolderReadable => ServerFolder is { Length: > 0 } && Directory.Exists(ServerFolder);

        /// <summary>The binlog file name without its number (rtmbinlog), from log_bin_basename; null when binary logging is off.</summary>
        public string? BaseName { get; }

        /// <summary>The copies off the server (Backup-RostrvmBinlog's folder).</summary>
        public string CopiesFolder { get; }

        /// <summary>The folders a restore chain is looked for in, the server's first.</summary>
        public IReadOnlyList<string> ChainFolders => ServerFolder is { Length: > 0 } ? new[] { ServerFolder, CopiesFolder }
            : new[] { CopiesFolder };

        /// <summary>From the settings and what the server says of itself (<paramref name="server"/> may be null when it was not
        /// asked).</summary>
        public static BinlogLocations Resolve(string? configuredPath, string copiesFolder, ServerInfo? server)
        {
            var basename = server?.BinlogBasename;
            var folder = !string.IsNullOrEmpty(configuredPath) ? configuredPath
                : basename is { Length: > 0 } ? IO.PortablePath.GetDirectoryName(basename) : null;
            // A Windows server reports C:\ProgramData\MySQL\...\rtmbinlog: split at its separators wherever this runs.
            return new BinlogLocations(folder, basename is { Length: > 0 } ? IO.PortablePath.GetFileName(basename) : null, copiesFolder);
        }

        public static BinlogLocations Resolve(RostrvmSettings settings, ServerInfo? server) =>
            Resolve(settings.BinlogPath, settings.EffectiveBinlogBackupPath, server);

        public static async Task<BinlogLocations> ResolveAsync(RostrvmSettings settings, MySqlConnection connection,
            CancellationToken cancellationToken) =>
            Resolve(settings, await ServerInfo.ReadAsync(connection, cancellationToken).ConfigureAwait(false));
    }
}
