using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Rostrvm.Core.Binlog;
using Rostrvm.Core.Connection;
using Rostrvm.Core.Errors;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>Where the binlog cmdlets find their files: -Path (files or folders, wildcards) or the server's binlog folder.</summary>
    internal static class BinlogSources
    {
        /// <param name="everyNamedFile">
        /// Take every file of a folder named like a binlog, not only those with the binlog magic (for verifying).
        /// </param>
        public static List<string> Resolve(PSCmdlet cmdlet, IEnumerable<string> paths, bool everyNamedFile = false)
        {
            var files = new List<string>();
            foreach (var path in paths)
            {
                Collection<string> resolved;
                try { resolved = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _); }
                catch (ItemNotFoundException ex)
                {
                    throw new RostrvmException("BinlogNotFound", FailureKind.ObjectNotFound, $"The binlog path '{path}' does not exist.",
                        path, ex);
                }
                foreach (var item in resolved)
                {
                    if (Directory.Exists(item))
                        files.AddRange(everyNamedFile ? BinlogCatalog.NamedLikeBinlogs(item) : BinlogCatalog.FilesInFolder(item));
                    else files.Add(item);
                }
            }
            return files;
        }

        /// <summary>The server's binlog files, oldest first, read from its folder (must be readable here).</summary>
        public static async Task<List<string>> ServerFilesAsync(ConnectionOptions options, string? configuredPath, CancellationToken token)
        {
            using (var connection = await ConnectionFactory.OpenAsync(options, withDatabase: false, token).ConfigureAwait(false))
            {
                var logs = await BinlogCatalog.ServerLogsAsync(connection, token).ConfigureAwait(false);
                var folder = await BinlogCatalog.ServerBinlogFolderAsync(connection, configuredPath, token).ConfigureAwait(false);
                if (folder == null)
                    throw new RostrvmException("BinlogDirectoryUnreadable", FailureKind.ResourceUnavailable,
                        "The server's binlog folder is not readable from here. Give the files with -Path (e.g. copies under " +
                            "backups/binlog), or set BinlogPath in the settings.",
                        options.Server);
                return logs.Select(l => Path.Combine(folder, l.Name)).ToList();
            }
        }
    }
}
