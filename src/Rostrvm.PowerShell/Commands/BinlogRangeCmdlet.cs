using System;
using System.Collections.Generic;
using System.Management.Automation;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>
    /// What Get-RostrvmBinlogEvent and Export-RostrvmBinlog share: binlog files from -Path or the
    /// pipeline (else the server's), and the range parameters. Files are collected in
    /// ProcessRecord and read in order in EndProcessing, so a range can span files.
    /// </summary>
    public abstract class BinlogRangeCmdlet : RostrvmDatabaseCmdlet
    {
        private readonly List<string> _files = new List<string>();

        /// <summary>Binlog files or folders (wildcards allowed); takes Get-RostrvmBinlog output. Without it, the server's
        /// binlogs.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.BinlogFileCompleter))]
        public string[]? Path { get; set; }

        /// <summary>Events at or after this time (local unless its Kind is Utc).</summary>
        [Parameter] public DateTime Start { get; set; }

        /// <summary>Stop at the first event at or after this time.</summary>
        [Parameter] public DateTime Stop { get; set; }

        /// <summary>Start at this byte position of the first file.</summary>
        [Parameter] [ValidateRange(4, long.MaxValue)] public long StartPosition { get; set; }

        /// <summary>Stop before this binlog position: file:position, or a number (a position of the last file).</summary>
        [Parameter]
        [StopPositionTransformation]
        [ArgumentCompleter(typeof(Completion.StopPositionCompleter))]
        public Core.Binlog.BinlogPosition? StopPosition { get; set; }

        /// <summary>Only events of these tables: name or database.name.</summary>
        [Parameter] [ValidateNotNullOrEmpty] [ArgumentCompleter(typeof(Completion.TableNameCompleter))] public string[]? Table { get; set; }

        protected DateTime? StartOrNull => Bound(nameof(Start)) ? Start : (DateTime?)null;
        protected DateTime? StopOrNull => Bound(nameof(Stop)) ? Stop : (DateTime?)null;
        protected long? StartPositionOrNull => Bound(nameof(StartPosition)) ? StartPosition : (long?)null;
        protected long? StopPositionOrNull => StopPosition?.Position;
        protected string? StopFileOrNull => StopPosition?.File;
        protected string[]? DatabasesOrNull => Database != null ? new[] { Database } : null;

        private bool Bound(string name) => MyInvocation.BoundParameters.ContainsKey(name);

        protected override void ProcessRecord()
        {
            if (Path == null) return;
            try { _files.AddRange(BinlogSources.Resolve(this, Path)); }
            catch (Exception ex) { WriteFailure(ex, string.Join(", ", Path)); }
        }

        /// <summary>The files to read, in order: those given, else the server's binlogs.</summary>
        protected List<string> Files()
        {
            if (_files.Count == 0 && !Bound(nameof(Path)))
            {
                var options = Connection;
                var configured = Settings.BinlogPath;
                _files.AddRange(Run(token => BinlogSources.ServerFilesAsync(options, configured, token)));
            }
            return _files;
        }

        protected string FilesText => string.Join(", ", _files);
    }
}
