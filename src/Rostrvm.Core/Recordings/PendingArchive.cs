using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Rostrvm.Core.IO;

namespace Rostrvm.Core.Recordings
{
    /// <summary>
    /// The marker <c>&lt;archive&gt;.rostrvm-pending</c> written beside an archive before it is renamed
    /// into place and removed once the database says which rows it holds. A run that finds one
    /// after a kill finishes that database update from the archive's manifest instead of archiving
    /// the recordings a second time. It holds only ids and names: no personal data.
    /// </summary>
    public sealed class PendingArchive
    {
        public const string Suffix = ".rostrvm-pending";

        public string Archive { get; set; } = "";
        public string Kind { get; set; } = "";
        public List<long> Ids { get; set; } = new List<long>();

        [System.Text.Json.Serialization.JsonIgnore]
        public string MarkerPath { get; private set; } = "";

        public static PendingArchive Write(string archivePath, string kind, IEnumerable<long> ids)
        {
            var marker = new PendingArchive { Archive = Path.GetFileName(archivePath), Kind = kind, Ids = ids.ToList() };
            marker.MarkerPath = archivePath + Suffix;
            using (var file = AtomicFile.Create(marker.MarkerPath, ownerOnly: true))
            {
                var json = JsonSerializer.SerializeToUtf8Bytes(marker);
                file.Stream.Write(json, 0, json.Length);
                file.Commit();
            }
            return marker;
        }

        public static IEnumerable<PendingArchive> Find(string directory)
        {
            if (!Directory.Exists(directory)) yield break;
            foreach (var path in Directory.GetFiles(directory, "*" + ArchiveName.Extension + Suffix)
                .OrderBy(p => p, StringComparer.Ordinal))
            {
                PendingArchive? marker;
                try { marker = JsonSerializer.Deserialize<PendingArchive>(File.ReadAllText(path, Encoding.UTF8)); }
                catch (JsonException) { continue; }
                if (marker == null || string.IsNullOrEmpty(marker.Archive)) continue;
                marker.MarkerPath = path;
                yield return marker;
            }
        }

        public void Remove() => File.Delete(MarkerPath);
    }
}
