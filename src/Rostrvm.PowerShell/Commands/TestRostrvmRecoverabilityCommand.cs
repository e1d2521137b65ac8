using System;
using System.Management.Automation;
using Rostrvm.Core.Recoverability;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>
    /// If this server failed now, to which moment could it be restored, from what, and how long
    /// would it take: the newest complete backup, its last test and the binlog chain to the
    /// server's current file, judged Green/Amber/Red with problems that say what to do.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "RostrvmRecoverability")]
    [OutputType(typeof(RecoverabilityReport), typeof(bool))]
    public sealed class TestRostrvmRecoverabilityCommand : RostrvmDatabaseCmdlet
    {
        /// <summary>Folder of .rbk files; default BackupPath from the settings.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BackupPath { get; set; }

        /// <summary>A newest binlog copy older than this is BinlogCopyStale; a number is days (default 26 hours).</summary>
        [Parameter]
        [DaysTransformation]
        public TimeSpan MaxRpo { get; set; } = TimeSpan.FromHours(26);

        /// <summary>A newest complete backup older than this is BackupStale; a number is days (default 8).</summary>
        [Parameter]
        [DaysTransformation]
        public TimeSpan MaxBackupAge { get; set; } = TimeSpan.FromDays(8);

        /// <summary>Return only $true (restorable to now, no error) or $false.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord()
        {
            var settings = Settings;
            var connection = Connection;
            var options = RecoverabilityOptions.From(settings, connection.Database,
                string.IsNullOrEmpty(BackupPath) ? null : GetUnresolvedProviderPathFromPSPath(BackupPath));
            options.MaxRpo = MaxRpo;
            options.MaxBackupAge = MaxBackupAge;
            RecoverabilityReport report;
            try { report = Run(token => RecoverabilityChecker.CheckAsync(connection, options, token)); }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                if (Quiet) { WriteObject(false); return; }
                WriteFailure(ex, ServerName);
                return;
            }
            if (Quiet) WriteObject(report.Recoverable);
            else WriteObject(report);
        }
    }
}
