using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using Rostrvm.Core.Binlog;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Flashback;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>
    /// Takes back one bad transaction from its row events (flashback): the inverse of each changed
    /// row, checked first against what is on the server now, applied in one logged transaction or
    /// written as a script.
    /// </summary>
    [Cmdlet(VerbsCommon.Undo, "RostrvmTransaction", DefaultParameterSetName = "Id", SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(UndoResult))]
    public sealed class UndoRostrvmTransactionCommand : RostrvmDatabaseCmdlet
    {
        private readonly List<string> _transactions = new List<string>();
        private readonly List<string> _folders = new List<string>();

        /// <summary>Transactions (or events) from Get-RostrvmBinlogEvent.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "Pipeline")]
        [ValidateNotNull]
        public PSObject? InputObject { get; set; }

        /// <summary>GTIDs (0-1-42, uuid:42) or file:position of any event of each transaction.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Id")]
        [ValidateNotNullOrEmpty]
        public string[]? Transaction { get; set; }

        /// <summary>Binlog files or folders holding the transaction and everything after it; default the piped transaction's folder, else
        /// the server's binlogs.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.BinlogFileCompleter))]
        public string[]? Path { get; set; }

        /// <summary>Put back the rows without conflict and leave those changed since (listed in the result).</summary>
        [Parameter]
        public SwitchParameter SkipConflicts { get; set; }

        /// <summary>Write the undo as a SQL script to this file instead of applying it.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ScriptOnly { get; set; }

        protected override string LeftAsItWasWhenServerLost =>
            "The undo runs in one transaction: it was rolled back and nothing changed; run it again.";

        protected override void ProcessRecord()
        {
            if (Transaction != null) _transactions.AddRange(Transaction);
            if (InputObject == null) return;
            var id = IdOf(InputObject);
            if (id == null)
            {
                WriteFailure(new RostrvmException("UndoTransactionInvalid", FailureKind.InvalidArgument,
                    "The input is not a transaction or event from Get-RostrvmBinlogEvent (it has no Gtid, nor File and Position)."),
                        InputObject);
                return;
            }
            _transactions.Add(id);
            var file = Property(InputObject, "TransactionFile") ?? Property(InputObject, "File");
            var folder = file == null ? null : System.IO.Path.GetDirectoryName(file);
            if (folder != null && folder.Length > 0 && !_folders.Contains(folder)) _folders.Add(folder);
        }

        protected override void EndProcessing()
        {
            try
            {
                if (_transactions.Count == 0) return;
                var request = new UndoRequest
                {
                    Connection = Connection,
                    Transactions = _transactions.Distinct().ToList(),
                    SkipConflicts = SkipConflicts,
                    // Unseen (-Confirm:$false in a script), the check under lock inside the undo is the only one needed.
                    CheckWhilePlanning = !string.IsNullOrEmpty(ScriptOnly) || ShouldProcessTextShown(ConfirmImpact.High),
                };
                request.Files = Files();
                var plan = Run(token => TransactionUndo.PlanAsync(request, token));
                foreach (var warning in plan.Warnings) WriteWarning(warning);
                foreach (var step in plan.Steps) WriteVerbose(step);
                var description = plan.Describe();
                UndoResult result;
                if (!string.IsNullOrEmpty(ScriptOnly)) result = TransactionUndo.WriteScript(plan,
                    GetUnresolvedProviderPathFromPSPath(ScriptOnly));
                // Rows in conflict and no -SkipConflicts: nothing to confirm, the result says why.
                else if (plan.Conflicting.Count > 0 && !SkipConflicts && !WhatIfRequested) result = plan.Result(plan.Conflicting);
                else if (ShouldProcess(description, $"Undo {string.Join(", ", plan.Transactions)}?\n{description}",
                    "Undo-RostrvmTransaction"))
                {
                    var watch = System.Diagnostics.Stopwatch.StartNew();
                    result = Run(token => TransactionUndo.ApplyAsync(plan, token));
                    WriteVerbose($"checked again under lock and applied in {watch.Elapsed.TotalSeconds:F1} s");
                }
                else return;
                WriteObject(result);
                if (result.Conflicts.Length > 0 && !SkipConflicts)
                    WriteFailure(new RostrvmException("UndoConflict", FailureKind.InvalidOperation,
                        $"{result.Conflicts.Length} row(s) changed by {string.Join(", ", plan.Transactions)} were changed again since " +
                            $"({string.Join(", ", result.Conflicts.Select(c => c.ChangedBy ?? "unknown").Distinct().Take(5))}); nothing " +
                            $"was {(ScriptOnly != null ? "written" : "applied")}. The result lists them: undo the later transactions " +
                            $"first, or give -SkipConflicts to put back the rest."), string.Join(", ", plan.Transactions));
            }
            catch (PipelineStoppedException) { throw; }
            catch (OperationCanceledException) { }
            catch (Exception ex) { WriteFailure(ex, string.Join(", ", _transactions)); }
            finally { base.EndProcessing(); }
        }

        /// <summary>-Path, else the folders of the piped transactions, else the server's binlogs.</summary>
        private List<string> Files()
        {
            if (Path != null) return BinlogSources.Resolve(this, Path);
            if (_folders.Count > 0) return _folders.SelectMany(BinlogCatalog.FilesInFolder).ToList();
            var options = Connection;
            var configured = Settings.BinlogPath;
            return Run(token => BinlogSources.ServerFilesAsync(options, configured, token));
        }

        private static string? IdOf(PSObject obj)
        {
            if (obj.BaseObject is string s) return s.Trim();
            var gtid = Property(obj, "Gtid");
            if (gtid != null) return gtid;
            var file = Property(obj, "TransactionFile") ?? Property(obj, "File");
            var position = Property(obj, "TransactionPosition") ?? Property(obj, "Position");
            return file == null || position == null ? null : System.IO.Path.GetFileName(file) + ":" + position;
        }

        private static string? Property(PSObject obj, string name)
        {
            var value = obj.Properties[name]?.Value;
            var text = value == null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
            return string.IsNullOrEmpty(text) || text == "0" && name.EndsWith("Position", StringComparison.Ordinal) ? null : text;
        }
    }
}
