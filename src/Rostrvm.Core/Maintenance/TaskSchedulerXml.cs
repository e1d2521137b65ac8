using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Maintenance
{
    /// <summary>
    /// Windows Task Scheduler task XML (schema version 1.2,
    /// https://learn.microsoft.com/windows/win32/taskschd/task-scheduler-schema): written from a
    /// task definition, validated against the schema's required elements on every platform, and
    /// read back. Registration itself happens only on Windows.
    /// </summary>
    public static class TaskSchedulerXml
    {
        public const string Namespace = "http://schemas.microsoft.com/windows/2004/02/mit/task";
        public const string Folder = @"\Rostrvm\";
        private const string SystemSid = "S-1-5-18";
        private static readonly XNamespace s_ns = Namespace;

        /// <summary>The task XML. <paramref name="withPassword"/>: the account's password is given at registration.</summary>
        public static string Generate(MaintenanceTaskDefinition task, bool withPassword = false)
        {
            XElement E(string name, params object?[] content) => new XElement(s_ns + name, content);
            var start = new DateTime(2025, 1, 1).Add(task.Time).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
            var schedule = task.Day.HasValue
                ? E("ScheduleByWeek", E("DaysOfWeek", E(task.Day.Value.ToString())), E("WeeksInterval", 1))
                : E("ScheduleByDay", E("DaysInterval", 1));
            var system = string.IsNullOrEmpty(task.Account) || string.Equals(task.Account, "SYSTEM", StringComparison.OrdinalIgnoreCase)
                || string.Equals(task.Account, @"NT AUTHORITY\SYSTEM", StringComparison.OrdinalIgnoreCase);
            var principal = system
                ? E("Principal", new XAttribute("id", "Author"), E("UserId", SystemSid), E("RunLevel", "HighestAvailable"))
                : E("Principal", new XAttribute("id", "Author"), E("UserId", task.Account),
                    E("LogonType", withPassword ? "Password" : "S4U"), E("RunLevel", "HighestAvailable"));
            var exec = E("Exec", E("Command", task.Executable), E("Arguments", CommandLine.Windows(task.Arguments)));
            if (!string.IsNullOrEmpty(task.WorkingDirectory)) exec.Add(E("WorkingDirectory", task.WorkingDirectory));

            var document = new XDocument(new XDeclaration("1.0", "UTF-16", null),
                E("Task", new XAttribute("version", "1.2"),
                    E("RegistrationInfo", E("Author", "Rostrvm"),
                        E("Description", task.Description + ", " + task.ScheduleText + ". Written by Register-RostrvmMaintenanceTask."),
                        E("URI", Folder + task.TaskName)),
                    E("Triggers", E("CalendarTrigger", E("Enabled", "true"), E("StartBoundary", start), schedule)),
                    E("Principals", principal),
                    E("Settings",
                        E("MultipleInstancesPolicy", "IgnoreNew"),
                        E("DisallowStartIfOnBatteries", "false"),
                        E("StopIfGoingOnBatteries", "false"),
                        E("StartWhenAvailable", "true"),
                        E("RunOnlyIfNetworkAvailable", "false"),
                        E("ExecutionTimeLimit", "PT12H"),
                        E("Enabled", "true"),
                        E("Priority", 7)),
                    E("Actions", new XAttribute("Context", "Author"), exec)));
            using (var writer = new Utf16StringWriter())
            {
                document.Save(writer);
                return writer.ToString();
            }
        }

        /// <summary>
        /// Checks the XML against the required elements of the task schema; throws
        /// TaskXmlInvalid listing every problem.
        /// </summary>
        public static void Validate(string xml)
        {
            var problems = new List<string>();
            XDocument document;
            try { document = XDocument.Parse(xml); }
            catch (XmlException ex) { throw Invalid(new[] { "not well-formed XML: " + ex.Message }); }

            var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema };
            settings.Schemas.Add(Schema);
            settings.ValidationEventHandler += (s, e) => problems.Add(string.Format(CultureInfo.InvariantCulture, "line {0}: {1}",
                e.Exception?.LineNumber, e.Message));
            using (var reader = XmlReader.Create(new StringReader(xml), settings))
            {
                try { while (reader.Read()) { } }
                catch (XmlException ex) { problems.Add(ex.Message); }
            }

            // What the schema cannot say: a calendar trigger needs its start boundary and one schedule.
            foreach (var trigger in document.Descendants(s_ns + "CalendarTrigger"))
            {
                if (trigger.Element(s_ns + "StartBoundary") == null) problems.Add("a CalendarTrigger has no StartBoundary");
                var week = trigger.Element(s_ns + "ScheduleByWeek");
                if (week != null && !(week.Element(s_ns + "DaysOfWeek")?.Elements().Any()
                    ?? false)) problems.Add("ScheduleByWeek names no day in DaysOfWeek");
            }
            if (problems.Count > 0) throw Invalid(problems);
        }

        /// <summary>Reads a task XML (ours, or as Windows exports it) back into a definition.</summary>
        public static MaintenanceTaskDefinition Parse(string xml, string? taskName)
        {
            var document = XDocument.Parse(xml);
            var trigger = document.Descendants(s_ns + "CalendarTrigger").FirstOrDefault();
            var start = DateTime.Parse(trigger?.Element(s_ns + "StartBoundary")?.Value
                ?? "2025-01-01T00:00:00", CultureInfo.InvariantCulture);
            var day = trigger?.Element(s_ns + "ScheduleByWeek")?.Element(s_ns + "DaysOfWeek")?.Elements().Select(d => d.Name.LocalName)
                .FirstOrDefault();
            var exec = document.Descendants(s_ns + "Exec").FirstOrDefault();
            var user = document.Descendants(s_ns + "UserId").FirstOrDefault()?.Value;
            var name = taskName ?? string.Empty;
            if (name.StartsWith("Rostrvm ", StringComparison.OrdinalIgnoreCase)) name = name.Substring(8);
            if (name.EndsWith(" Maintenance", StringComparison.OrdinalIgnoreCase)) name = name.Substring(0, name.Length - 12);
            return new MaintenanceTaskDefinition
            {
                Name = MaintenanceTaskDefinition.NameFromUnit(name),
                Time = start.TimeOfDay,
                Day = day == null ? (DayOfWeek?)null : MaintenanceTaskDefinition.ParseDay(day),
                Executable = exec?.Element(s_ns + "Command")?.Value,
                Arguments = CommandLine.Split(exec?.Element(s_ns + "Arguments")?.Value ?? string.Empty, shell: false),
                Account = user == SystemSid ? "SYSTEM" : user,
                WorkingDirectory = exec?.Element(s_ns + "WorkingDirectory")?.Value,
            };
        }

        private static RostrvmException Invalid(IEnumerable<string> problems) =>
            new RostrvmException("TaskXmlInvalid", FailureKind.InvalidData,
            "The Task Scheduler XML does not satisfy the task schema: " + string.Join("; ", problems) +
                ". This is a defect of the generator; report it.");

        private static XmlSchema? s_schema;

        /// <summary>
        /// The part of the task schema (taskschedulerschema.xsd, version 1.2) that a calendar task
        /// with an Exec action uses, with its required elements and value types; optional elements
        /// this generator never writes are left out, so writing one would be caught too.
        /// </summary>
        private static XmlSchema Schema
        {
            get
            {
                if (s_schema != null) return s_schema;
                using (var reader = XmlReader.Create(new StringReader(SchemaText)))
                    s_schema = XmlSchema.Read(reader, null);
                return s_schema;
            }
        }

        private const string SchemaText = @"<?xml version='1.0'?>
<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' xmlns:t='" + Namespace + @"' targetNamespace='" + Namespace +
    @"' elementFormDefault='qualified'>
  <xs:element name='Task' type='t:taskType'/>
  <xs:complexType name='taskType'>
    <xs:all>
      <xs:element name='RegistrationInfo' type='t:registrationInfoType' minOccurs='0'/>
      <xs:element name='Triggers' type='t:triggersType' minOccurs='0'/>
      <xs:element name='Settings' type='t:settingsType' minOccurs='0'/>
      <xs:element name='Principals' type='t:principalsType' minOccurs='0'/>
      <xs:element name='Actions' type='t:actionsType'/>
    </xs:all>
    <xs:attribute name='version' type='t:versionType' use='required'/>
  </xs:complexType>
  <xs:simpleType name='versionType'><xs:restriction base='xs:string'><xs:pattern value='1\.[0-6]'/></xs:restriction></xs:simpleType>
  <xs:simpleType name='nonEmptyString'><xs:restriction base='xs:string'><xs:minLength value='1'/></xs:restriction></xs:simpleType>
  <xs:complexType name='registrationInfoType'>
    <xs:all>
      <xs:element name='URI' type='xs:anyURI' minOccurs='0'/>
      <xs:element name='Author' type='xs:string' minOccurs='0'/>
      <xs:element name='Description' type='xs:string' minOccurs='0'/>
      <xs:element name='Date' type='xs:dateTime' minOccurs='0'/>
    </xs:all>
  </xs:complexType>
  <xs:complexType name='triggersType'>
    <xs:sequence><xs:element name='CalendarTrigger' type='t:calendarTriggerType' minOccurs='0' maxOccurs='48'/></xs:sequence>
  </xs:complexType>
  <xs:complexType name='calendarTriggerType'>
    <xs:sequence>
      <xs:element name='Enabled' type='xs:boolean' minOccurs='0'/>
      <xs:element name='StartBoundary' type='xs:dateTime'/>
      <xs:element name='EndBoundary' type='xs:dateTime' minOccurs='0'/>
      <xs:element name='RandomDelay' type='xs:duration' minOccurs='0'/>
      <xs:choice>
        <xs:element name='ScheduleByDay' type='t:dailyScheduleType'/>
        <xs:element name='ScheduleByWeek' type='t:weeklyScheduleType'/>
      </xs:choice>
    </xs:sequence>
    <xs:attribute name='id' type='xs:ID'/>
  </xs:complexType>
  <xs:complexType name='dailyScheduleType'>
    <xs:all><xs:element name='DaysInterval' minOccurs='0'><xs:simpleType><xs:restriction base='xs:unsignedShort'>
      <xs:minInclusive value='1'/><xs:maxInclusive value='365'/></xs:restriction></xs:simpleType></xs:element></xs:all>
  </xs:complexType>
  <xs:complexType name='weeklyScheduleType'>
    <xs:all>
      <xs:element name='WeeksInterval' minOccurs='0'><xs:simpleType><xs:restriction base='xs:unsignedByte'><xs:minInclusive value='1'/>
        <xs:maxInclusive value='52'/></xs:restriction></xs:simpleType></xs:element>
      <xs:element name='DaysOfWeek' type='t:daysOfWeekType'/>
    </xs:all>
  </xs:complexType>
  <xs:complexType name='daysOfWeekType'>
    <xs:all>
      <xs:element name='Monday' type='t:empty' minOccurs='0'/><xs:element name='Tuesday' type='t:empty' minOccurs='0'/>
        <xs:element name='Wednesday' type='t:empty' minOccurs='0'/>
      <xs:element name='Thursday' type='t:empty' minOccurs='0'/><xs:element name='Friday' type='t:empty' minOccurs='0'/>
        <xs:element name='Saturday' type='t:empty' minOccurs='0'/>
      <xs:element name='Sunday' type='t:empty' minOccurs='0'/>
    </xs:all>
  </xs:complexType>
  <xs:complexType name='empty'/>
  <xs:complexType name='principalsType'>
    <xs:sequence><xs:element name='Principal' type='t:principalType'/></xs:sequence>
  </xs:complexType>
  <xs:complexType name='principalType'>
    <xs:all>
      <xs:element name='UserId' type='t:nonEmptyString' minOccurs='0'/>
      <xs:element name='LogonType' minOccurs='0'><xs:simpleType><xs:restriction base='xs:string'>
        <xs:enumeration value='S4U'/><xs:enumeration value='Password'/><xs:enumeration value='InteractiveToken'/>
          <xs:enumeration value='ServiceAccount'/><xs:enumeration value='InteractiveTokenOrPassword'/>
      </xs:restriction></xs:simpleType></xs:element>
      <xs:element name='GroupId' type='t:nonEmptyString' minOccurs='0'/>
      <xs:element name='RunLevel' minOccurs='0'><xs:simpleType><xs:restriction base='xs:string'><xs:enumeration value='LeastPrivilege'/>
        <xs:enumeration value='HighestAvailable'/></xs:restriction></xs:simpleType></xs:element>
    </xs:all>
    <xs:attribute name='id' type='xs:ID'/>
  </xs:complexType>
  <xs:complexType name='settingsType'>
    <xs:all>
      <xs:element name='MultipleInstancesPolicy' minOccurs='0'><xs:simpleType><xs:restriction base='xs:string'>
        <xs:enumeration value='Parallel'/><xs:enumeration value='Queue'/><xs:enumeration value='IgnoreNew'/>
          <xs:enumeration value='StopExisting'/>
      </xs:restriction></xs:simpleType></xs:element>
      <xs:element name='DisallowStartIfOnBatteries' type='xs:boolean' minOccurs='0'/>
      <xs:element name='StopIfGoingOnBatteries' type='xs:boolean' minOccurs='0'/>
      <xs:element name='StartWhenAvailable' type='xs:boolean' minOccurs='0'/>
      <xs:element name='RunOnlyIfNetworkAvailable' type='xs:boolean' minOccurs='0'/>
      <xs:element name='ExecutionTimeLimit' type='xs:duration' minOccurs='0'/>
      <xs:element name='Enabled' type='xs:boolean' minOccurs='0'/>
      <xs:element name='Priority' minOccurs='0'><xs:simpleType><xs:restriction base='xs:byte'><xs:minInclusive value='0'/>
        <xs:maxInclusive value='10'/></xs:restriction></xs:simpleType></xs:element>
    </xs:all>
  </xs:complexType>
  <xs:complexType name='actionsType'>
    <xs:sequence><xs:element name='Exec' type='t:execType' minOccurs='1' maxOccurs='32'/></xs:sequence>
    <xs:attribute name='Context' type='xs:IDREF'/>
  </xs:complexType>
  <xs:complexType name='execType'>
    <xs:all>
      <xs:element name='Command' type='t:nonEmptyString'/>
      <xs:element name='Arguments' type='xs:string' minOccurs='0'/>
      <xs:element name='WorkingDirectory' type='xs:string' minOccurs='0'/>
    </xs:all>
    <xs:attribute name='id' type='xs:ID'/>
  </xs:complexType>
</xs:schema>";

        private sealed class Utf16StringWriter : StringWriter
        {
            public Utf16StringWriter() : base(CultureInfo.InvariantCulture) { }
            public override System.Text.Encoding Encoding => System.Text.Encoding.Unicode;
        }
    }
}
