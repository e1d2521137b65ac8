using System;
using System.Management.Automation;
using Rostrvm.Core.Backup;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Recoverability;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>Restores a backup into a scratch database, proves every table, drops the scratch database.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "RostrvmBackup")]
    [OutputType(typeof(BackupTestResult))]
    public sealed class TestRostrvmBackupCommand : RostrvmDatabaseCmdlet
    {
        protected override string LeftAsItWasWhenServerLost =>
            "The backup file is unchanged; the scratch database of the test may remain and can be dropped.";

        /// <summary>The backup file (.rbk, .rbk.gz or .rbk.zst); Get-RostrvmBackup output binds here.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.BackupFileCompleter))]
        public string Path { get; set; } = null!;

        /// <summary>Name of the scratch database (must not exist); default rostrvm_test_&lt;time&gt;_&lt;random&gt;.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ScratchDatabase { get; set; }

        /// <summary>Leave the scratch database in place for inspection.</summary>
        [Parameter]
        public SwitchParameter KeepScratchDatabase { get; set; }

        /// <summary>Write the scratch load and drop to the binary log (replicas load it too); by default they are kept out.</summary>
        [Parameter]
        public SwitchParameter Binlog { get; set; }

        /// <summary>The private key that opens encrypted (.gpg) files: a key file path, or a PSCredential (user name = key file, password =
        /// passphrase).</summary>
        [Parameter]
        [ValidateNotNull]
        public object? DecryptionKey { get; set; }

        /// <summary>The passphrase of the -DecryptionKey file, as a SecureString (or a PSCredential's password).</summary>
        [Parameter]
        [SecretTransformation]
        public System.Security.SecureString? DecryptionPassphrase { get; set; }

        private bool _warnedLogged;

        protected override void ProcessRecord()
        {
            UseDecryptionKey(DecryptionKey, DecryptionPassphrase);
            var path = GetUnresolvedProviderPathFromPSPath(Path);
            var options = Connection;
            BackupTestResult result;
            try { result = Run(token => BackupTester.TestAsync(path, options, ScratchDatabase, KeepScratchDatabase.IsPresent,
                Binlog.IsPresent, Reporter, token)); }
            catch (Exception ex)
            {
                WriteFailure(ex, path);
                return;
            }
            if (result.MissingPrivilege != null && !_warnedLogged)
            {
                // Once per run: every backup of the pipeline is tested by the same account.
                _warnedLogged = true;
                WriteWarning(
                    $"The test load into '{result.ScratchDatabase}' was written to the binary log (and so to every replica): the account " +
                    $"lacks {result.MissingPrivilege}, which SET sql_log_bin = 0 needs. Grant it to keep backup tests out of the binary " +
                    $"log, or pass -Binlog to log them on purpose.");
            }
            if (!result.Passed)
                WriteFailure(new RostrvmException("BackupTestFailed", FailureKind.InvalidData,
                    $"The backup '{path}' failed its test: {string.Join(" ", result.Problems)}", path), path);
            RecordTest(path, result);
            WriteObject(result);
        }

        /// <summary>Leaves the result where Test-RostrvmRecoverability looks; a ledger that cannot be written does not fail the
        /// test.</summary>
        private void RecordTest(string path, BackupTestResult result)
        {
            // Never creates a root: without one there is nowhere the check would look.
            if (string.IsNullOrEmpty(Settings.Root) || !System.IO.Directory.Exists(Settings.Root)) return;
            // Inside Run: an encrypted backup's completion line is read through -DecryptionKey.
            var ledger = BackupTestLedger.From(Settings);
            try { Run(token => System.Threading.Tasks.Task.Run(() => ledger.Record(path, result), token)); }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is RostrvmException)
            {
                WriteVerbose($"The test result of '{path}' was not recorded for Test-RostrvmRecoverability: {ex.Message}");
            }
        }
    }
}
