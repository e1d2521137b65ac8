using System;
using System.Linq;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Maintenance;
using Xunit;

namespace Rostrvm.Tests.Unit.Maintenance
{
    public class MaintenanceTaskTests
    {
        private static RostrvmSettings Settings(Action<RostrvmSettings>? change = null)
        {
            var s = new RostrvmSettings { Root = "/opt/rostrvm", SettingsPath = "/opt/rostrvm/Rostrvm Maintenance.json",
                TaskAccount = "rostrvm" };
            change?.Invoke(s);
            return s;
        }

        private static MaintenanceTaskDefinition[] Tasks(RostrvmSettings s) =>
            MaintenanceTaskDefinition.FromSettings(s, "/opt/mod/scripts", "/usr/bin/dotnet", new[] { "/tools/pwsh.dll" }).ToArray();

        [Fact]
        public void Defaults_give_nightly_at_two_and_weekly_on_sunday_at_three()
        {
            var tasks = Tasks(Settings());
            Assert.Equal(new[] { "Nightly", "Weekly" }, tasks.Select(t => t.Name));
            Assert.Equal(TimeSpan.FromHours(2), tasks[0].Time);
            Assert.Null(tasks[0].Day);
            Assert.Equal(DayOfWeek.Sunday, tasks[1].Day);
            Assert.Equal(TimeSpan.FromHours(3), tasks[1].Time);
            Assert.Equal("/tools/pwsh.dll", tasks[0].Arguments[0]);
            Assert.Contains("/opt/mod/scripts/Invoke-RostrvmWeeklyMaintenance.ps1", tasks[1].Arguments);
            Assert.Equal("/opt/rostrvm/Rostrvm Maintenance.json", tasks[1].Arguments.Last());
            Assert.Equal("Rostrvm Nightly Maintenance", tasks[0].TaskName);
            Assert.Equal("rostrvm-nightly", tasks[0].UnitName);
        }

        [Fact]
        public void A_recording_archive_time_of_its_own_makes_a_third_task()
        {
            var tasks = Tasks(Settings(s => { s.RecordingArchiveTime = "04:30"; s.WeeklyDay = "sat"; s.WeeklyTime = "1:15"; }));
            Assert.Equal(3, tasks.Length);
            Assert.Equal("rostrvm-recording-archive", tasks[2].UnitName);
            Assert.Equal(new[] { "-Job", "RecordingArchive" }, tasks[2].Arguments.Skip(tasks[2].Arguments.Count - 2));
            Assert.Equal(new TimeSpan(4, 30, 0), tasks[2].Time);
            Assert.Equal(DayOfWeek.Saturday, tasks[1].Day);
            Assert.Equal(new TimeSpan(1, 15, 0), tasks[1].Time);
        }

        [Theory]
        [InlineData("25:00")]
        [InlineData("two")]
        public void A_bad_time_names_the_setting(string value)
        {
            var ex = Assert.Throws<RostrvmException>(() => Tasks(Settings(s => s.NightlyTime = value)));
            Assert.Equal("ScheduleTimeInvalid", ex.ErrorId);
            Assert.Contains("NightlyTime", ex.Message);
            Assert.Equal("ScheduleDayInvalid", Assert.Throws<RostrvmException>(() =>
                Tasks(Settings(s => s.WeeklyDay = "Caturday"))).ErrorId);
        }

        [Fact]
        public void Next_run_is_the_next_matching_moment()
        {
            var tasks = Tasks(Settings());
            var wednesday = new DateTime(2026, 11, 25, 1, 0, 0);
            Assert.Equal(new DateTime(2026, 11, 25, 2, 0, 0), tasks[0].NextRun(wednesday));
            Assert.Equal(new DateTime(2026, 11, 26, 2, 0, 0), tasks[0].NextRun(wednesday.AddHours(1)));
            Assert.Equal(new DateTime(2026, 11, 29, 3, 0, 0), tasks[1].NextRun(wednesday));
            Assert.Equal(new DateTime(2026, 12, 6, 3, 0, 0), tasks[1].NextRun(new DateTime(2026, 11, 29, 3, 0, 0)));
        }

        [Fact]
        public void Task_xml_validates_against_the_schema_and_reads_back()
        {
            foreach (var task in Tasks(Settings()))
            {
                var xml = TaskSchedulerXml.Generate(task);
                TaskSchedulerXml.Validate(xml);
                Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-16\"?>", xml, StringComparison.OrdinalIgnoreCase);
                var back = TaskSchedulerXml.Parse(xml, task.TaskName);
                Assert.Equal(task.Name, back.Name);
                Assert.Equal(task.Time, back.Time);
                Assert.Equal(task.Day, back.Day);
                Assert.Equal("rostrvm", back.Account);
                Assert.Equal(task.Arguments, back.Arguments);
            }
            Assert.Contains("<LogonType>Password</LogonType>", TaskSchedulerXml.Generate(Tasks(Settings())[0], withPassword: true));
            Assert.Contains("<UserId>S-1-5-18</UserId>", TaskSchedulerXml.Generate(Tasks(Settings(s => s.TaskAccount = null))[0]));
        }

        [Theory]
        [InlineData("<Actions Context=\"Author\">", "<Nothing>", "Actions")]
        [InlineData("<Sunday />", "", "DaysOfWeek")]
        [InlineData("<StartBoundary>", "<EndBoundary>", "StartBoundary")]
        [InlineData("<Command>/usr/bin/dotnet</Command>", "<Command></Command>", "Command")]
        public void Xml_missing_a_required_element_is_rejected(string from, string to, string named)
        {
            var xml = TaskSchedulerXml.Generate(Tasks(Settings())[1]);
            Assert.Contains(from, xml);
            var broken = xml.Replace(from, to);
            if (from.StartsWith("<Actions")) broken = broken.Replace("</Actions>", "</Nothing>");
            if (from == "<StartBoundary>") broken = broken.Replace("</StartBoundary>", "</EndBoundary>");
            var ex = Assert.Throws<RostrvmException>(() => TaskSchedulerXml.Validate(broken));
            Assert.Equal("TaskXmlInvalid", ex.ErrorId);
            Assert.Contains(named, ex.Message);
        }

        [Fact]
        public void Systemd_units_carry_the_calendar_and_the_quoted_command()
        {
            var weekly = Tasks(Settings())[1];
            var timer = SystemdUnits.Timer(weekly);
            var service = SystemdUnits.Service(weekly);
            Assert.Contains("OnCalendar=Sun *-*-* 03:00:00\n", timer);
            Assert.Contains("Persistent=true\n", timer);
            Assert.Contains("Unit=rostrvm-weekly.service\n", timer);
            Assert.Contains("User=rostrvm\n", service);
            Assert.Contains("\"/opt/rostrvm/Rostrvm Maintenance.json\"", service);
            var back = SystemdUnits.Parse(timer, service);
            Assert.Equal("Weekly", back.Name);
            Assert.Equal(DayOfWeek.Sunday, back.Day);
            Assert.Equal(weekly.Time, back.Time);
            Assert.Equal(weekly.Executable, back.Executable);
            Assert.Equal(weekly.Arguments, back.Arguments);
            Assert.Equal("*-*-* 02:00:00", SystemdUnits.OnCalendar(Tasks(Settings())[0]));
        }

        [Fact]
        public void Cron_lines_round_trip()
        {
            var tasks = Tasks(Settings(s => { s.RecordingArchiveTime = "04:30"; s.SettingsPath = "/opt/it's 100%/s.json"; }));
            var text = CronFile.Generate(tasks);
            Assert.Contains("\n0 2 * * * rostrvm cd '/opt/rostrvm' && '/usr/bin/dotnet' ", text);
            Assert.Contains("\n0 3 * * 0 rostrvm ", text);
            Assert.Contains("\n30 4 * * * rostrvm ", text);
            Assert.Contains("'/opt/it'\\''s 100\\%/s.json'", text);
            var back = CronFile.Parse(text);
            Assert.Equal(tasks.Select(t => t.Name), back.Select(t => t.Name));
            for (var i = 0; i < tasks.Length; i++)
            {
                Assert.Equal(tasks[i].Arguments, back[i].Arguments);
                Assert.Equal(tasks[i].Time, back[i].Time);
                Assert.Equal(tasks[i].Day, back[i].Day);
                Assert.Equal("/opt/rostrvm", back[i].WorkingDirectory);
            }
        }

        [Theory]
        [InlineData("plain")]
        [InlineData("with space")]
        [InlineData("quote\"inside")]
        [InlineData("C:\\Program Files\\rostrvm\\")]
        [InlineData("100% $HOME")]
        public void Systemd_quoting_splits_back_to_the_same_argument(string argument)
        {
            Assert.Equal(new[] { "a", argument }, CommandLine.Split(CommandLine.Systemd(new[] { "a", argument }), shell: false));
            Assert.Equal(new[] { "a", argument }, CommandLine.Split(CommandLine.Shell(new[] { "a", argument }), shell: true));
        }

        [Fact]
        public void Windows_quoting_follows_the_argv_rules()
        {
            Assert.Equal("plain \"two words\" C:\\dir\\ \"C:\\Program Files\\\\\" \"say \\\"hi\\\"\"",
                CommandLine.Windows(new[] { "plain", "two words", "C:\\dir\\", "C:\\Program Files\\", "say \"hi\"" }));
        }
    }
}
