using System;
using System.IO;
using Rostrvm.Core.Maintenance;
using Xunit;

namespace Rostrvm.Tests.Unit.Maintenance
{
    public class MaintenanceLockTests
    {
        [Fact]
        public void A_second_run_waits_then_fails_naming_the_holder()
        {
            using (var dir = new TempDirectory())
            using (var held = MaintenanceLock.Acquire(dir.Path, "Nightly", TimeSpan.Zero, default))
            {
                Assert.Null(held.StaleOwner);
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var ex = Assert.Throws<Rostrvm.Core.Errors.RostrvmException>(() =>
                    MaintenanceLock.Acquire(dir.Path, "Weekly", TimeSpan.FromMilliseconds(600), default));
                Assert.True(watch.ElapsedMilliseconds >= 500);
                Assert.Equal("MaintenanceLockTimeout", ex.ErrorId);
                Assert.Equal(Rostrvm.Core.Errors.FailureKind.ResourceBusy, ex.Kind);
                Assert.Contains("Nightly run, process", ex.Message);
                Assert.Contains("LockTimeoutSeconds", ex.Message);
            }
        }

        [Fact]
        public void The_lock_is_free_again_once_released()
        {
            using (var dir = new TempDirectory())
            {
                MaintenanceLock.Acquire(dir.Path, "Nightly", TimeSpan.Zero, default).Dispose();
                Assert.False(File.Exists(MaintenanceLock.PathUnder(dir.Path) + ".owner"));
                using (var again = MaintenanceLock.Acquire(dir.Path, "Weekly", TimeSpan.Zero, default))
                    Assert.Null(again.StaleOwner);
            }
        }

        [Fact]
        public void An_owner_file_left_by_a_dead_run_is_reported_as_stale_and_taken_over()
        {
            using (var dir = new TempDirectory())
            {
                File.WriteAllText(MaintenanceLock.PathUnder(dir.Path), "");
                File.WriteAllText(MaintenanceLock.PathUnder(dir.Path) + ".owner", "Nightly run, process 999999 on old-host");
                using (var taken = MaintenanceLock.Acquire(dir.Path, "Weekly", TimeSpan.Zero, default))
                {
                    Assert.Equal("Nightly run, process 999999 on old-host", taken.StaleOwner);
                    Assert.StartsWith("Weekly run, process", File.ReadAllText(taken.OwnerPath));
                }
            }
        }
    }
}
