using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Rostrvm.Core.Binlog;
using Rostrvm.Core.Connection;
using Rostrvm.Core.Errors;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>The binlog files of the server, or of a folder: name, size, first/last event time, flavour, state.</summary>
    [Cmdlet(VerbsCommon.Get, "RostrvmBinlog")]
    [OutputType(typeof(BinlogFileInfo))]
    public sealed class GetRostrvmBinlogCommand : RostrvmDatabaseCmdlet
    {
        /// <summary>Binlog files or folders holding them (wildcards allowed). Without it, the server's binlogs.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        /// <summary>
        /// Read every event and verify every checksum; in a folder, every file named like a binlog is
        /// reported (NotABinlog when it is not one).
        /// </summary>
        [Parameter]
        public SwitchParameter Verify { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                if (Path != null)
                {
                    foreach (var file in BinlogSources.Resolve(this, Path, everyNamedFile: Verify)) Emit(file, active: false);
                    return;
                }
                var options = Connection;
                var configured = Settings.BinlogPath;
                var (logs, folder) = Run(async token =>
                {
                    using (var connection = await ConnectionFactory.OpenAsync(options, withDatabase: false, token).ConfigureAwait(false))
                    {
                        var list = await BinlogCatalog.ServerLogsAsync(connection, token).ConfigureAwait(false);
                        var dir = await BinlogCatalog.ServerBinlogFolderAsync(connection, configured, token).ConfigureAwait(false);
                        return (list, dir);
                    }
                });
                if (folder == null) WriteWarning("The server's binlog folder is not readable here: only names and sizes are shown.");
                foreach (var log in logs)
                {
                    if (folder == null) { WriteObject(log); continue; }
                    Emit(System.IO.Path.Combine(folder, log.Name), log.IsActive);
                }
            }
            catch (PipelineStoppedException) { throw; }
            catch (Exception ex) { WriteFailure(ex, Path != null ? string.Join(", ", Path) : Connection.ToString()); }
        }

        private void Emit(string file, bool active)
        {
            CancellationToken.ThrowIfCancellationRequested();
            WriteVerbose($"Reading {file}.");
            var info = BinlogCatalog.Describe(file, Verify, CancellationToken);
            info.IsActive = active;
            if (active && info.Status != "NotABinlog") info.Status = "Active";
            // The listing goes on; a damaged closed file is reported as an error too.
            // The catalog sets a problem and its id together.
            if (info.Problem != null && info.ProblemId != null && !active)
                WriteFailure(new RostrvmException(info.ProblemId, FailureKind.InvalidData, info.Problem, info.Path), info.Path);
            WriteObject(info);
        }
    }
}
