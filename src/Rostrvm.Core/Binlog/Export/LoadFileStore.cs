using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Rostrvm.Core.IO;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// Rebuilds, from Begin_load_query and Append_block events, the files that LOAD DATA
    /// statements read on the source server, so the statement can be replayed as LOAD DATA
    /// LOCAL INFILE (what mysqlbinlog does with --local-load). The files may hold personal data:
    /// the folder and the files are owner-only.
    /// </summary>
    internal sealed class LoadFileStore
    {
        private readonly string? _requestedDirectory;
        private readonly List<string> _warnings;
        private readonly Dictionary<uint, string> _current = new Dictionary<uint, string>();
        private readonly List<string> _files = new List<string>();
        private string? _directory;

        public LoadFileStore(string? directory, List<string> warnings)
        {
            _requestedDirectory = directory;
            _warnings = warnings;
        }

        public IReadOnlyList<string> Files => _files;

        public void Write(LoadBlockEventData block, BinlogEvent ev)
        {
            string path;
            if (block.StartsFile || !_current.TryGetValue(block.FileId, out path))
            {
                path = Path.Combine(Directory(), string.Format(CultureInfo.InvariantCulture, "SQL_LOAD-{0}-{1}-{2}",
                    Path.GetFileName(ev.File), ev.Position, block.FileId));
                _current[block.FileId] = path;
                _files.Add(path);
                using (File.Create(path)) { }
                FilePermissions.RestrictToOwner(path);
                if (!block.StartsFile)
                    _warnings.Add($"{Path.GetFileName(ev.File)}:{ev.Position}: an Append_block for file {block.FileId} without its " +
                        "Begin_load_query (the range starts inside a LOAD DATA); that LOAD DATA replays with part of its file.");
            }
            using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read))
                stream.Write(block.Data, 0, block.Data.Length);
        }

        /// <summary>The local copy of a loaded file, for its Execute_load_query.</summary>
        public string PathOf(uint fileId, BinlogEvent ev)
        {
            if (_current.TryGetValue(fileId, out var path)) return path;
            throw new BinlogFormatException("BinlogLoadFileMissing", ev.File, ev.Position,
                $"a LOAD DATA statement (Execute_load_query) reads file {fileId}, whose Begin_load_query is not in the range. " +
                "Start the range at or before the transaction's first event.");
        }

        private string Directory()
        {
            if (_directory != null) return _directory;
            var directory = _requestedDirectory;
            if (directory == null || directory.Length == 0)
                directory = Path.Combine(Path.GetTempPath(), "rostrvm-load-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            _warnings.Add($"LOAD DATA statements logged in statement format read local copies of their files, written to '{directory}' " +
                "(LOAD DATA LOCAL INFILE: a client running this SQL needs --local-infile=1).");
            System.IO.Directory.CreateDirectory(directory);
            FilePermissions.RestrictFolderToOwner(directory);
            _directory = directory;
            return directory;
        }
    }
}
