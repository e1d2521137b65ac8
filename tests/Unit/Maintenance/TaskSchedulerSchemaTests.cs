using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Schema;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Maintenance;
using Xunit;

namespace Rostrvm.Tests.Unit.Maintenance
{
    /// <summary>Task XML against the Task Scheduler schema 1.2 (tests/fixtures/taskscheduler/task-1.2.xsd), as Windows checks.</summary>
    public class TaskSchedulerSchemaTests
    {
        private static readonly Lazy<XmlSchemaSet> s_schema = new Lazy<XmlSchemaSet>(() =>
        {
            var set = new XmlSchemaSet();
            set.Add(TaskSchedulerXml.Namespace, Path.Combine(AppContext.BaseDirectory, "fixtures", "taskscheduler", "task-1.2.xsd"));
            set.Compile();
            return set;
        });

        private static List<string> Problems(string xml)
        {
            var problems = new List<string>();
            var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = s_schema.Value };
            settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
            settings.ValidationEventHandler += (_, e) => problems.Add($"{e.Severity} line {e.Exception?.LineNumber}: {e.Message}");
            using (var reader = XmlReader.Create(new StringReader(xml), settings))
                while (reader.Read()) { }
            return problems;
        }

        private static IEnumerable<MaintenanceTaskDefinition> WindowsTasks(string? account, string archiveTime = "05:45")
        {
            var settings = new RostrvmSettings
            {
                Root = @"C:\rostrvm", SettingsPath = @"C:\rostrvm\RostrvmMaintenance.json", TaskAccount = account,
                RecordingArchiveTime = archiveTime,
            };
            return MaintenanceTaskDefinition.FromSettings(settings, @"C:\Program Files\WindowsPowerShell\Modules\Rostrvm\scripts",
                @"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", new string[0]);
        }

        public static IEnumerable<object?[]> Accounts() => new[]
        {
            new object?[] { @"ROSTRVM\svc-maint", false }, new object?[] { @"ROSTRVM\svc-maint", true }, new object?[] { null, false },
            new object?[] { "SYSTEM", false },
        };

        [Theory]
        [MemberData(nameof(Accounts))]
        public void Every_task_the_module_writes_validates_against_the_schema(string? account, bool withPassword)
        {
            var tasks = WindowsTasks(account).ToList();
            Assert.Equal(3, tasks.Count); // nightly, weekly, recording archive
            foreach (var task in tasks)
            {
                var xml = TaskSchedulerXml.Generate(task, withPassword);
                Assert.Empty(Problems(xml));
                Assert.Contains("<Task version=\"1.2\"", xml);
            }
        }

        [Fact]
        public void A_named_account_runs_without_a_stored_password_unless_one_is_given()
        {
            var task = WindowsTasks(@"ROSTRVM\svc-maint").First();
            Assert.Contains("<LogonType>S4U</LogonType>", TaskSchedulerXml.Generate(task));
            Assert.Contains("<LogonType>Password</LogonType>", TaskSchedulerXml.Generate(task, withPassword: true));
        }

        [Fact]
        public void The_schema_refuses_what_Windows_refuses()
        {
            var xml = TaskSchedulerXml.Generate(WindowsTasks(@"ROSTRVM\svc-maint").First());
            // The trigger's elements out of the schema's order, an unknown logon type, a priority out of range.
            const string enabled = "<Enabled>true</Enabled>";
            var first = xml.IndexOf(enabled, StringComparison.Ordinal); // the trigger's: Triggers come before Settings
            Assert.True(first < xml.IndexOf("<StartBoundary>", StringComparison.Ordinal));
            var reordered = xml.Remove(first, enabled.Length).Replace("</StartBoundary>", "</StartBoundary>" + enabled);
            Assert.NotEmpty(Problems(reordered));
            Assert.NotEmpty(Problems(xml.Replace("<LogonType>S4U</LogonType>", "<LogonType>Batch</LogonType>")));
            Assert.NotEmpty(Problems(xml.Replace("<Priority>7</Priority>", "<Priority>11</Priority>")));
        }
    }
}
