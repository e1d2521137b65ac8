using System.Collections.Generic;
using System.IO;
using System.Linq;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Maintenance;
using Rostrvm.Core.Maintenance.Schedulers;
using Xunit;

namespace Rostrvm.Tests.Unit.Maintenance
{
    public class MaintenanceSchedulerTests
    {
        private static MaintenanceTaskDefinition[] Tasks(string? recordingArchiveTime = null) =>
            MaintenanceTaskDefinition.FromSettings(
                new RostrvmSettings
                {
                    Root = "/opt/rostrvm", SettingsPath = "/opt/rostrvm/RostrvmMaintenance.json",
                    // Empty, like null, archives at the nightly time.
                    RecordingArchiveTime = recordingArchiveTime ?? string.Empty,
                },
                "/opt/mod/scripts", "/usr/bin/pwsh", new string[0]).ToArray();

        private sealed class FakeSystemctl : ISystemctl
        {
            public FakeSystemctl(bool running) { Running = running; }
            public bool Running { get; }
            public List<string> Calls { get; } = new List<string>();
            public HashSet<string> ActiveTimers { get; } = new HashSet<string>();

            public string Run(bool quiet, params string[] arguments)
            {
                Calls.Add(string.Join(" ", arguments));
                if (arguments[0] == "enable") ActiveTimers.Add(arguments.Last());
                if (arguments[0] == "disable") ActiveTimers.Remove(arguments.Last());
                return arguments[0] == "is-active" ? (ActiveTimers.Contains(arguments[1]) ? "active\n" : "inactive\n") : string.Empty;
            }
        }

        private static SchedulerActions Collect(List<string> warnings, bool approve = true) =>
            new SchedulerActions { Warning = warnings.Add, ShouldProcess = (target, action) => approve };

        [Fact]
        public void Systemd_in_its_own_folder_is_told_and_the_timers_run()
        {
            using (var dir = new TempDirectory())
            {
                var systemctl = new FakeSystemctl(running: true);
                var scheduler = new SystemdScheduler(null, systemctl, dir.Path);
                var warnings = new List<string>();
                var registered = scheduler.Register(Tasks(), Collect(warnings));
                Assert.Equal(new[] { "Active", "Active" }, registered.Select(t => t.State));
                Assert.Equal(
                    new[] { "daemon-reload", "enable --now rostrvm-nightly.timer", "enable --now rostrvm-weekly.timer" },
                    systemctl.Calls);
                Assert.Empty(warnings);
                Assert.Equal(4, Directory.GetFiles(dir.Path).Length);
                Assert.Equal(new[] { "rostrvm-nightly.timer", "rostrvm-weekly.timer" }, scheduler.Read().Select(t => t.TaskName));
                Assert.All(scheduler.Read(), t => Assert.Equal("Active", t.State));

                var weekly = scheduler.Read().Where(t => t.Name == "Weekly").ToList();
                systemctl.Calls.Clear();
                scheduler.Unregister(weekly, Collect(warnings));
                Assert.Equal(new[] { "disable --now rostrvm-weekly.timer", "daemon-reload" }, systemctl.Calls);
                Assert.Equal(new[] { "Nightly" }, scheduler.Read().Select(t => t.Name));
            }
        }

        [Fact]
        public void Systemd_elsewhere_or_not_running_writes_the_units_and_says_how_to_start_them()
        {
            using (var own = new TempDirectory())
            using (var other = new TempDirectory())
            {
                var running = new FakeSystemctl(running: true);
                var warnings = new List<string>();
                var written = new SystemdScheduler(other.Path, running, own.Path).Register(Tasks(), Collect(warnings));
                Assert.Empty(running.Calls);
                Assert.All(written, t => Assert.Equal("Written", t.State));
                Assert.Contains("not systemd's own folder", Assert.Single(warnings));

                warnings.Clear();
                var stopped = new FakeSystemctl(running: false);
                new SystemdScheduler(null, stopped, own.Path).Register(Tasks(), Collect(warnings));
                Assert.Empty(stopped.Calls);
                Assert.Contains("systemd is not running", Assert.Single(warnings));
            }
        }

        [Fact]
        public void Registering_again_removes_the_units_of_a_task_no_longer_configured()
        {
            using (var dir = new TempDirectory())
            {
                var systemctl = new FakeSystemctl(running: true);
                var scheduler = new SystemdScheduler(null, systemctl, dir.Path);
                var warnings = new List<string>();
                scheduler.Register(Tasks("04:30"), Collect(warnings));
                Assert.Equal(3, scheduler.Read().Count);
                systemctl.Calls.Clear();
                scheduler.Register(Tasks(), Collect(warnings));
                Assert.Contains("disable --now rostrvm-recording-archive.timer", systemctl.Calls);
                Assert.Equal(new[] { "Nightly", "Weekly" }, scheduler.Read().Select(t => t.Name));
                Assert.Empty(Directory.GetFiles(dir.Path, "rostrvm-recording-archive.*"));
            }
        }

        [Fact]
        public void Nothing_is_written_or_told_without_approval()
        {
            using (var dir = new TempDirectory())
            {
                var systemctl = new FakeSystemctl(running: true);
                var registered = new SystemdScheduler(null, systemctl, dir.Path)
                    .Register(Tasks(), Collect(new List<string>(), approve: false));
                Assert.Empty(registered);
                Assert.Empty(systemctl.Calls);
                Assert.Empty(Directory.GetFiles(dir.Path));
            }
        }

        [Fact]
        public void Cron_keeps_every_task_in_one_file_and_removes_it_with_the_last()
        {
            using (var dir = new TempDirectory())
            {
                var scheduler = FileSchedulers.Create(MaintenanceScheduler.Cron, dir.Path);
                var registered = scheduler.Register(Tasks(), Collect(new List<string>()));
                Assert.All(registered, t => Assert.Equal("Registered", t.State));
                var file = Assert.Single(Directory.GetFiles(dir.Path));
                scheduler.Unregister(scheduler.Read().Where(t => t.Name == "Nightly").ToList(), Collect(new List<string>()));
                Assert.Equal(new[] { "Weekly" }, scheduler.Read().Select(t => t.Name));
                scheduler.Unregister(scheduler.Read(), Collect(new List<string>()));
                Assert.False(File.Exists(file));
            }
        }

        [Fact]
        public void Task_xml_goes_only_to_a_named_folder_and_says_how_to_import_it()
        {
            var ex = Assert.Throws<RostrvmException>(() => FileSchedulers.Create(MaintenanceScheduler.TaskScheduler, null));
            Assert.Equal("TaskXmlPathRequired", ex.ErrorId);
            using (var dir = new TempDirectory())
            {
                var warnings = new List<string>();
                var scheduler = FileSchedulers.Create(MaintenanceScheduler.TaskScheduler, dir.Path);
                var registered = scheduler.Register(Tasks(), Collect(warnings));
                Assert.Equal(
                    new[] { @"\Rostrvm\Rostrvm Nightly Maintenance", @"\Rostrvm\Rostrvm Weekly Maintenance" },
                    registered.Select(t => t.TaskName));
                Assert.Contains("schtasks /Create /XML", Assert.Single(warnings));
                Assert.Equal(2, scheduler.Read().Count);
                Assert.Equal(dir.Path, scheduler.Read()[0].Path);
            }
        }
    }
}
