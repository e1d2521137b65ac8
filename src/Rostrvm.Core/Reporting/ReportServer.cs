using System.Collections.Generic;
using Rostrvm.Core.Maintenance;
using Rostrvm.Core.Recoverability;
using Rostrvm.Core.Storage;

namespace Rostrvm.Core.Reporting
{
    /// <summary>What the morning report knows of one server: its recoverability, its storage and its history.</summary>
    public sealed class ReportServer
    {
        public ReportServer(string name) { Name = name; }

        /// <summary>PSComputerName when the objects came over remoting, else the server's own name.</summary>
        public string Name { get; }
        public RecoverabilityReport? Recoverability { get; set; }
        public List<StorageUsage> Storage { get; } = new List<StorageUsage>();
        public List<MaintenanceHistoryEntry> History { get; } = new List<MaintenanceHistoryEntry>();
    }
}
