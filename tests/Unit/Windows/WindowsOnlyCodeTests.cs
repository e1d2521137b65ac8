using System;
using System.IO;
using System.Linq;
using System.Threading;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Connection;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;
using Rostrvm.Core.Maintenance;
using Rostrvm.Core.Restore;
using Xunit;

namespace Rostrvm.Tests.Unit.Windows
{
    public class WindowsOnlyCodeTests
    {
        // The assemblies only the Windows code (Rostrvm.Core.Windows) uses; .NET loads one only when code that names it runs.
        private static readonly string[] s_windowsOnly =
        {
            "System.Diagnostics.EventLog", "System.ServiceProcess.ServiceController", "System.Security.Cryptography.ProtectedData",
            "System.IO.FileSystem.AccessControl",
        };

        [Fact]
        public void A_whole_maintenance_run_off_Windows_never_reaches_the_Windows_code()
        {
            if (OperatingSystem.IsWindows()) return; // there the Windows code is meant to run (tests/Windows)
            using (var dir = new TempDirectory())
            {
                var settings = new RostrvmSettings
                {
                    Root = dir.Path, SettingsPath = dir.File("RostrvmMaintenance.json"), LockTimeoutSeconds = 0, TaskAccount = "rostrvm",
                    CredentialFile = dir.File("rostrvm.cred.xml"),
                };
                var options = new MaintenanceRunOptions { Name = "Nightly", Settings = settings, Now = DateTime.Now, ComputerName = "db1" };
                MaintenanceRun run;
                using (var runner = new MaintenanceRunner(options, null, _ => { }, ex => throw ex))
                {
                    run = runner.Run(new[]
                    {
                        new MaintenanceJob("Files", "Backup-RostrvmDatabase"),
                        new MaintenanceJob("OptionFile", "Test-RostrvmConnection"),
                        new MaintenanceJob("Credential", "Test-RostrvmConnection"),
                        new MaintenanceJob("Service", "Restore-RostrvmDatabase"),
                    }, job => Run(job.Name, settings), CancellationToken.None);
                }

                Assert.Equal(2, run.Succeeded);
                Assert.Equal(new[] { "Credential", "Service" }, run.FailedJobs);
                Assert.Equal(new[] { "CredentialFileUnsupported", "ServiceNotFound" },
                    run.Jobs.Where(j => j.Failed).Select(j => j.ErrorId));
                var loaded = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).ToList();
                Assert.Empty(s_windowsOnly.Intersect(loaded));
            }
        }

        /// <summary>Each job does what the real ones do with files, credentials and the service, through the same Core calls.</summary>
        private static MaintenanceJobResult Run(string job, RostrvmSettings settings)
        {
            try
            {
                switch (job)
                {
                    case "Files":
                        var folder = Path.Combine(settings.Root!, "backups");
                        FilePermissions.CreateOwnerOnlyFolder(folder);
                        using (var file = AtomicFile.Create(Path.Combine(folder, "rostrvm_920_1.rbk")))
                        {
                            file.Stream.WriteByte(1);
                            file.Commit();
                        }
                        if (FilePermissions.OtherReaders(Path.Combine(folder, "rostrvm_920_1.rbk")).Count != 0)
                            return MaintenanceJobResult.Failure("NotPrivate", "the backup can be read by others");
                        break;
                    case "OptionFile":
                        var cnf = Path.Combine(settings.Root!, "client.cnf");
                        File.WriteAllText(cnf, "[client]\nuser=rostrvm\npassword=pw\n");
                        FilePermissions.RestrictToOwner(cnf);
                        OptionFile.ReadCredential(cnf);
                        break;
                    case "Credential":
                        ConnectionOptions.FromSettings(settings);
                        break;
                    case "Service":
                        var services = ServiceControl.ForThisMachine();
                        services.EnsureExists("rostrvm-no-such-service-" + Guid.NewGuid().ToString("N"));
                        break;
                }
                return new MaintenanceJobResult();
            }
            catch (RostrvmException ex)
            {
                return MaintenanceJobResult.Failure(ex.ErrorId, ex.Message);
            }
        }
    }
}
