using System;
using System.Diagnostics;
using System.Runtime.Versioning;
using System.Security;
using Rostrvm.Core.Maintenance;

namespace Rostrvm.Core.Windows
{
    /// <summary>The Windows event log; only reached behind an OS check (Maintenance/MaintenanceEventLog).</summary>
    [SupportedOSPlatform("windows")]
    internal static class WindowsEventLog
    {
        public static bool TryWrite(string source, string logName, MaintenanceEvent entry)
        {
            try
            {
                if (!EventLog.SourceExists(source)) return false;
                var type = entry.Level == MaintenanceEventLevel.Error ? EventLogEntryType.Error
                    : entry.Level == MaintenanceEventLevel.Warning ? EventLogEntryType.Warning : EventLogEntryType.Information;
                // The event log takes at most 31839 characters a message.
                var message = entry.Message.Length > 31000 ? entry.Message.Substring(0, 31000) + "..." : entry.Message;
                using (var log = new EventLog(logName) { Source = source }) log.WriteEntry(message, type, entry.EventId);
                return true;
            }
            catch (Exception ex) when (ex is SecurityException || ex is InvalidOperationException
                || ex is System.ComponentModel.Win32Exception)
            {
                return false;
            }
        }

        public static bool Register(string source, string logName)
        {
            if (EventLog.SourceExists(source)) return true;
            EventLog.CreateEventSource(new EventSourceCreationData(source, logName));
            return true;
        }
    }
}
