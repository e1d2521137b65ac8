using System.Collections.Generic;

namespace Rostrvm.Core.Maintenance
{
    /// <summary>What running one job gave: its output (for the history's figures), warnings and errors.</summary>
    public sealed class MaintenanceJobResult
    {
        public IReadOnlyList<OutputItem> Output { get; set; } = new OutputItem[0];
        public IReadOnlyList<string> Warnings { get; set; } = new string[0];

        /// <summary>The first error's stable id; null when the job succeeded.</summary>
        public string? ErrorId { get; set; }
        public string? ErrorMessage { get; set; }
        public int ErrorCount { get; set; }

        /// <summary>Not run: the dry run left it out (its command cannot pretend).</summary>
        public bool Skipped { get; set; }

        public static MaintenanceJobResult Failure(string errorId, string message) =>
            new MaintenanceJobResult { ErrorId = errorId, ErrorMessage = message, ErrorCount = 1 };
    }
}
