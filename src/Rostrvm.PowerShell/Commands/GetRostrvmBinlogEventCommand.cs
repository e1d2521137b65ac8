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
    public sealed class GetRostrvmBinlogEventCommand : RostrvmDatabaseCmdlet
    {
        private readonly List<string> _files = new List<string>();

        /// <summary>Binlog files or folders (wildcards allowed); takes Get-RostrvmBinlog output. Without it, the server's binlogs.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        /// <summary>Events at or after this time (local unless its Kind is Utc).</summary>
        [Parameter] public DateTime Start { get; set; }

        /// <summary>Events before this time.</summary>
        [Parameter] public DateTime Stop { get; set; }

        /// <summary>Start at this byte position of the first file.</summary>
        [Parameter] [ValidateRange(4, long.MaxValue)] public long StartPosition { get; set; }

        /// <summary>Stop before this byte position of the last file.</summary>
        [Parameter] [ValidateRange(4, long.MaxValue)] public long StopPosition { get; set; }

        /// <summary>Only events of these tables: name or database.name.</summary>
        [Parameter] [ValidateNotNullOrEmpty] public string[] Table { get; set; }

        /// <summary>Only these operations.</summary>
        [Parameter] [ValidateSet("Insert", "Update", "Delete", "Ddl")] public string[] Operation { get; set; }

        /// <summary>Group events into transactions (GTID, first and last position and time).</summary>
        [Parameter(ParameterSetName = "Transactions")] public SwitchParameter Transaction { get; set; }

        /// <summary>Look column names up in the server's information_schema when table maps carry none.</summary>
        [Parameter] public SwitchParameter ColumnNamesFromServer { get; set; }

        /// <summary>Leave the decoded rows out (faster).</summary>
        [Parameter] public SwitchParameter NoRows { get; set; }

        protected override void ProcessRecord()
        {
            if (Path == null) return;
            try { _files.AddRange(BinlogSources.Resolve(this, Path)); }
            catch (Exception ex) { WriteFailure(ex, string.Join(", ", Path)); }
        }

        protected override void EndProcessing()
        {
            MySqlConnection connection = null;
            try
            {
                if (_files.Count == 0 && !MyInvocation.BoundParameters.ContainsKey(nameof(Path)))
                {
                    var options = Connection;
                    var configured = Settings.BinlogPath;
                    _files.AddRange(Run(token => BinlogSources.ServerFilesAsync(options, configured, token)));
                }
                if (_files.Count == 0) return;
                var filter = new BinlogEventFilter
                {
                    Start = MyInvocation.BoundParameters.ContainsKey(nameof(Start)) ? Start : (DateTime?)null,
                    Stop = MyInvocation.BoundParameters.ContainsKey(nameof(Stop)) ? Stop : (DateTime?)null,
                    StartPosition = MyInvocation.BoundParameters.ContainsKey(nameof(StartPosition)) ? StartPosition : (long?)null,
                    StopPosition = MyInvocation.BoundParameters.ContainsKey(nameof(StopPosition)) ? StopPosition : (long?)null,
                    Databases = Database != null ? new[] { Database } : null,
                    Tables = Table,
                    Operations = Operation,
                    IncludeRows = !NoRows,
                };
                if (ColumnNamesFromServer)
                {
                    try
                    {
                        var options = Connection;
                        connection = Run(token => ConnectionFactory.OpenAsync(options, withDatabase: false, token));
                        filter.ColumnInfo = new InformationSchemaColumns(connection);
                    }
                    catch (Exception ex)
                    {
                        WriteWarning("Column names cannot be looked up on the server (" + ex.Message + "); columns are shown as @1, @2...");
                    }
                }
                if (Transaction)
                    foreach (var t in BinlogEventQuery.Transactions(_files, filter, CancellationToken)) WriteObject(t);
                else
                    foreach (var e in BinlogEventQuery.Events(_files, filter, CancellationToken)) WriteObject(e);
            }
            catch (PipelineStoppedException) { throw; }
            catch (OperationCanceledException) { }
            catch (Exception ex) { WriteFailure(ex, string.Join(", ", _files)); }
            finally
            {
                connection?.Dispose();
                base.EndProcessing();
            }
        }
    }
}
