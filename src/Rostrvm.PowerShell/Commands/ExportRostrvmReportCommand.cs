using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Maintenance;
using Rostrvm.Core.Recoverability;
using Rostrvm.Core.Reporting;
using Rostrvm.Core.Storage;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>
    /// Collects Test-RostrvmRecoverability, Get-RostrvmStorageReport and Get-RostrvmMaintenanceHistory
    /// objects from the pipeline, from one server or many (grouped by PSComputerName when they came
    /// over remoting), and writes one self-contained HTML morning report.
    /// </summary>
    [Cmdlet(VerbsData.Export, "RostrvmReport", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportRostrvmReportCommand : RostrvmCmdlet
    {
        /// <summary>The HTML file to write (replaced when it exists).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        /// <summary>Recoverability, storage report and maintenance history objects.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [AllowNull]
        public PSObject? InputObject { get; set; }

        private readonly List<KeyValuePair<string?, object>> _items = new List<KeyValuePair<string?, object>>();

        protected override void ProcessRecord()
        {
            if (InputObject == null) return;
            var remote = InputObject.Properties["PSComputerName"]?.Value as string;
            if (PipelineObjectReader.Is<RecoverabilityReport>(InputObject)) _items.Add(Item(remote,
                PipelineObjectReader.Read<RecoverabilityReport>(InputObject)));
            else if (PipelineObjectReader.Is<StorageUsage>(InputObject)) _items.Add(Item(remote,
                PipelineObjectReader.Read<StorageUsage>(InputObject)));
            else if (PipelineObjectReader.Is<MaintenanceHistoryEntry>(InputObject)) _items.Add(Item(remote,
                PipelineObjectReader.Read<MaintenanceHistoryEntry>(InputObject)));
            else
                WriteFailure(new RostrvmException("ReportInputUnsupported", FailureKind.InvalidArgument,
                    $"Export-RostrvmReport cannot use a {InputObject.TypeNames.FirstOrDefault()}: pipe it the output of " +
                        $"Test-RostrvmRecoverability, Get-RostrvmStorageReport or Get-RostrvmMaintenanceHistory.",
                        InputObject), InputObject);
        }

        protected override void EndProcessing()
        {
            var path = GetUnresolvedProviderPathFromPSPath(Path);
            var servers = Group(_items);
            if (ShouldProcess(path, $"Write the morning report of {servers.Count} server(s)"))
            {
                try
                {
                    var folder = System.IO.Path.GetDirectoryName(path);
                    if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
                    MorningReport.Write(path, servers, DateTime.Now);
                    WriteObject(new FileInfo(path));
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    ThrowFailure(new RostrvmException("ReportWriteFailed", FailureKind.WriteError,
                        $"The report '{path}' could not be written: {ex.Message} Choose a -Path in a folder you can write.", path, ex),
                            path);
                }
            }
            base.EndProcessing();
        }

        private static KeyValuePair<string?, object> Item(string? remote, object value) => new KeyValuePair<string?, object>(remote, value);

        /// <summary>
        /// By PSComputerName; objects without it by their server (host:port); storage and history
        /// without it, which name no server, join the one local server when there is exactly one.
        /// </summary>
        private static List<ReportServer> Group(List<KeyValuePair<string?, object>> items)
        {
            var local = items.Where(i => i.Key == null).Select(i => i.Value).OfType<RecoverabilityReport>()
                .Select(r => r.Server + ":" + r.Port).Distinct().ToList();
            var servers = new List<ReportServer>();
            ReportServer Of(string name)
            {
                var server = servers.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
                if (server == null) servers.Add(server = new ReportServer(name));
                return server;
            }
            foreach (var item in items)
            {
                switch (item.Value)
                {
                    case RecoverabilityReport r:
                        Of(item.Key ?? r.Server + ":" + r.Port).Recoverability = r;
                        break;
                    case StorageUsage s:
                        Of(item.Key ?? (local.Count == 1 ? local[0] : Environment.MachineName)).Storage.Add(s);
                        break;
                    case MaintenanceHistoryEntry h:
                        Of(item.Key ?? (local.Count == 1 ? local[0] : h.ComputerName ?? Environment.MachineName)).History.Add(h);
                        break;
                }
            }
            return servers;
        }
    }
}
