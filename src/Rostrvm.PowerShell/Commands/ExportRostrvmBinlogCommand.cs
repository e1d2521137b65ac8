using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using Rostrvm.Core.Binlog;
using Rostrvm.Core.IO;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>
    /// Binlog events as a SQL script the plain client replays (mysqlbinlog without the client tool):
    /// to a file with -OutFile, else as text lines to the pipeline. -Database filters (it does not
    /// choose a connection database); -TargetDatabase replays that database's events into another.
    /// </summary>
    [Cmdlet(VerbsData.Export, "RostrvmBinlog", SupportsShouldProcess = true)]
    [OutputType(typeof(string), typeof(BinlogExportResult))]
    public sealed class ExportRostrvmBinlogCommand : BinlogRangeCmdlet
    {
        /// <summary>Write the script to this file (owner-only, atomically) and return a summary.</summary>
        [Parameter] [ValidateNotNullOrEmpty] public string? OutFile { get; set; }

        /// <summary>Replay the events of -Database (or the settings' database) into this database.</summary>
        [Parameter] [ValidateNotNullOrEmpty] [ArgumentCompleter(typeof(Completion.DatabaseNameCompleter))]
        public string? TargetDatabase { get; set; }

        /// <summary>Add the decoded rows as comments (like mysqlbinlog -v).</summary>
        [Parameter] public SwitchParameter Decoded { get; set; }

        /// <summary>Keep the original GTIDs (the replay then needs them to be new to the target server).</summary>
        [Parameter] public SwitchParameter PreserveGtid { get; set; }

        /// <summary>Start the script with SET sql_log_bin=0 (needs SUPER or BINLOG ADMIN on the target).</summary>
        [Parameter] [Alias("NoBinaryLogging")] public SwitchParameter NoBinlog { get; set; }

        protected override void EndProcessing()
        {
            try
            {
                var files = Files();
                if (files.Count == 0) return;
                var range = new BinlogRange
                {
                    StartTime = StartOrNull,
                    StopTime = StopOrNull,
                    StartPosition = StartPositionOrNull,
                    StopPosition = StopPositionOrNull,
                    StopFile = StopFileOrNull,
                    Databases = DatabasesOrNull,
                    Tables = Table,
                };
                var writerOptions = BinlogSqlWriterOptions.From(Settings, Database, TargetDatabase, Decoded, PreserveGtid, NoBinlog);
                if (OutFile != null) writerOptions.LoadFileDirectory = GetUnresolvedProviderPathFromPSPath(OutFile) + ".load";
                var writer = new BinlogSqlWriter(writerOptions);
                if (OutFile != null)
                {
                    var target = GetUnresolvedProviderPathFromPSPath(OutFile);
                    if (!ShouldProcess(target, $"Write the SQL of {files.Count} binlog file(s)")) return;
                    var result = Run(async token =>
                    {
                        using (var file = AtomicFile.Create(target, ownerOnly: true))
                        {
                            BinlogExportResult r;
                            using (var text = new StreamWriter(file.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
                                r = await writer.WriteAsync(files, range, text, token).ConfigureAwait(false);
                            file.Commit();
                            return r;
                        }
                    });
                    foreach (var w in result.Warnings) WriteWarning(w);
                    WriteObject(result);
                }
                else
                {
                    using (var lines = new PipelineTextWriter(this))
                    {
                        writer.WriteAsync(files, range, lines, CancellationToken).GetAwaiter().GetResult();
                    }
                    foreach (var w in writer.Result.Warnings) WriteWarning(w);
                }
            }
            catch (PipelineStoppedException) { throw; }
            catch (OperationCanceledException) { }
            catch (Exception ex) { WriteFailure(ex, OutFile ?? FilesText); }
            finally { base.EndProcessing(); }
        }

        /// <summary>Sends each written line to the pipeline as a string (on the pipeline thread).</summary>
        private sealed class PipelineTextWriter : TextWriter
        {
            private readonly Cmdlet _cmdlet;
            private readonly StringBuilder _line = new StringBuilder();

            public PipelineTextWriter(Cmdlet cmdlet) { _cmdlet = cmdlet; }

            public override Encoding Encoding => Encoding.UTF8;

            public override void Write(char value)
            {
                if (value == '\n') { _cmdlet.WriteObject(_line.ToString()); _line.Clear(); }
                else if (value != '\r') _line.Append(value);
            }

            public override void Write(string? value)
            {
                if (value == null) return;
                foreach (var c in value) Write(c);
            }

            public override System.Threading.Tasks.Task WriteAsync(string value)
                { Write(value); return System.Threading.Tasks.Task.CompletedTask; }
            public override System.Threading.Tasks.Task WriteLineAsync(string value)
                { Write(value); Write('\n'); return System.Threading.Tasks.Task.CompletedTask; }
            public override System.Threading.Tasks.Task WriteLineAsync() { Write('\n'); return System.Threading.Tasks.Task.CompletedTask; }
            public override System.Threading.Tasks.Task FlushAsync() => System.Threading.Tasks.Task.CompletedTask;

            protected override void Dispose(bool disposing)
            {
                if (disposing && _line.Length > 0) { _cmdlet.WriteObject(_line.ToString()); _line.Clear(); }
                base.Dispose(disposing);
            }
        }
    }
}
