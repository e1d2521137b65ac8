using System;
using System.Collections.Generic;

namespace Rostrvm.Core.Configuration
{
    /// <summary>
    /// Where one kind of recording lives in the database. Every part may be null: the settings file or
    /// Set-RostrvmConfiguration (a part given as $null) can clear any of them, and the jobs check them.
    /// </summary>
    public sealed class RecordingSource
    {
        public string? Table { get; set; }
        public string? IdColumn { get; set; } = "id";
        public string? TimeColumn { get; set; }
        public string? BodyColumn { get; set; } = "body";
        /// <summary>Column linking the recording to its MIS call row (mis_call.id), if any.</summary>
        public string? CallIdColumn { get; set; } = "call_id";
        /// <summary>Archive file name prefix, e.g. "Voice Recording".</summary>
        public string? ArchivePrefix { get; set; }
        /// <summary>The MIS table whose rows (by id = CallIdColumn) travel with the recording into the archive manifest.</summary>
        public string? CallTable { get; set; } = "mis_call";
        /// <summary>Columns that record which archive file and entry now hold an archived body.</summary>
        public string? ArchiveFileColumn { get; set; } = "archive_file";
        public string? ArchiveEntryColumn { get; set; } = "archive_entry";

        public static Dictionary<string, RecordingSource> Defaults() =>
            new Dictionary<string, RecordingSource>(StringComparer.OrdinalIgnoreCase)
        {
            ["Voice"] = new RecordingSource { Table = "voice_recordings", TimeColumn = "recorded_at", ArchivePrefix = "Voice Recording" },
            ["Email"] = new RecordingSource { Table = "email_messages", TimeColumn = "received_at", ArchivePrefix = "Email Archive" },
            ["Sms"] = new RecordingSource { Table = "sms_messages", TimeColumn = "sent_at", ArchivePrefix = "SMS Archive" },
            ["Chat"] = new RecordingSource { Table = "chat_transcripts", TimeColumn = "started_at", ArchivePrefix = "Chat Archive" },
        };
    }
}
