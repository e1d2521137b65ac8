using System;
using System.Collections.Generic;
using System.Management.Automation;
using MySqlConnector;
using Rostrvm.Core.Binlog;
using Rostrvm.Core.Connection;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>
    /// The events of binlog files as objects: time, position, type, GTID, database, table, SQL and
    /// decoded rows; filtered by time, position, database, table and operation, or grouped into
    /// transactions. -Database here filters events (it does not choose a connection database).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "RostrvmBinlogEvent", DefaultParameterSetName = "Events")]
    [OutputType(typeof(BinlogEventInfo), ParameterSetName = new[] { "Events" })]
    [OutputType(typeof(BinlogTransactionInfo), ParameterSetName = new[] { "Transactions" })]
    public sealed class GetRostrvmBinlogEventCommand : BinlogRangeCmdlet
    {
        /// <summary>Only these operations.</summary>
        [Parameter] [ValidateSet("Insert", "Update", "Delete", "Ddl")] public string[]? Operation { get; set; }

        /// <summary>Group events into transactions (GTID, first and last position and time).</summary>
        [Parameter(ParameterSetName = "Transactions")] public SwitchParameter Transaction { get; set; }

        /// <summary>Look column names up in the server's information_schema when table maps carry none.</summary>
        [Parameter] public SwitchParameter ColumnNamesFromServer { get; set; }

        /// <summary>Leave the decoded rows out (faster).</summary>
        [Parameter] public SwitchParameter NoRows { get; set; }

        /// <summary>Also show the events of Test-RostrvmBackup's scratch databases (rostrvm_test_&lt;time&gt;...), left out by
        /// default.</summary>
        [Parameter] public SwitchParameter IncludeScratch { get; set; }

        protected override void EndProcessing()
        {
            MySqlConnection? connection = null;
            try
            {
                var files = Files();
                if (files.Count == 0) return;
                var query = new BinlogEventQuery(new BinlogRange
                {
                    StartTime = StartOrNull,
                    StopTime = StopOrNull,
                    StartPosition = StartPositionOrNull,
                    StopPosition = StopPositionOrNull,
                    StopFile = StopFileOrNull,
                    Databases = DatabasesOrNull,
                    Tables = Table,
                    Operations = Operation,
                    IncludeScratch = IncludeScratch,
                })
                { IncludeRows = !NoRows };
                if (ColumnNamesFromServer)
                {
                    try
                    {
                        var options = Connection;
                        connection = Run(token => ConnectionFactory.OpenAsync(options, withDatabase: false, token));
                        query.ColumnInfo = new InformationSchemaColumns(connection);
                    }
                    catch (Exception ex)
                    {
                        WriteWarning("Column names cannot be looked up on the server (" + ex.Message + "); columns are shown as @1, @2...");
                    }
                }
                if (Transaction)
                    foreach (var t in query.Transactions(files, CancellationToken)) WriteObject(t);
                else
                    foreach (var e in query.Events(files, CancellationToken)) WriteObject(e);
                if (query.ScratchLeftOut > 0)
                    WriteWarning(
                        $"{query.ScratchLeftOut} {(Transaction ? "transaction(s)" : "event(s)")} of scratch databases (rostrvm_test_..., " +
                        $"backup test loads) left out; -IncludeScratch shows them.");
            }
            catch (PipelineStoppedException) { throw; }
            catch (OperationCanceledException) { }
            catch (Exception ex) { WriteFailure(ex, FilesText); }
            finally
            {
                connection?.Dispose();
                base.EndProcessing();
            }
        }
    }
}
