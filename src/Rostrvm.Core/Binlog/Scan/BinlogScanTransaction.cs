using System;
using System.Collections.Generic;
using Rostrvm.Core.Backup;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// A transaction as a <see cref="BinlogScan"/> has seen it so far: where it starts, its GTID,
    /// and the databases its changes replay into (statements by their default database, rows by
    /// their table's). Complete when its last event is yielded.
    /// </summary>
    public sealed class BinlogScanTransaction
    {
        private readonly HashSet<string> _databases = new HashSet<string>(StringComparer.Ordinal);
        private bool _namedScratch;
        private bool _namedOther;

        internal BinlogScanTransaction(TransactionPosition start)
        {
            StartFile = start.StartFile!; // a transaction starts at an event of a file
            StartPosition = start.StartPosition;
            StartTimeUtc = start.StartTimeUtc;
            Gtid = start.Gtid;
        }

        public string StartFile { get; }
        public long StartPosition { get; }
        public DateTime StartTimeUtc { get; }
        public string? Gtid { get; }

        /// <summary>The databases its statements (default database) and rows (table's database) change.</summary>
        public IReadOnlyCollection<string> Databases => _databases;

        /// <summary>True when an event of it passed the range's database, table and operation filters.</summary>
        public bool Matched { get; internal set; }

        /// <summary>True when every event of it that names a database names a scratch database (and one does).</summary>
        public bool Scratch => _namedScratch && !_namedOther;

        /// <summary>Whether the first event naming a database named a scratch one (null: none yet).</summary>
        internal bool? FirstNamedScratch { get; private set; }

        public bool Changes(string? database) => database != null && _databases.Contains(database);

        internal void Note(string? replayDatabase, string? namedDatabase)
        {
            if (replayDatabase is { Length: > 0 }) _databases.Add(replayDatabase);
            if (string.IsNullOrEmpty(namedDatabase)) return;
            var scratch = ScratchDatabase.IsScratch(namedDatabase);
            if (scratch) _namedScratch = true;
            else _namedOther = true;
            if (FirstNamedScratch == null) FirstNamedScratch = scratch;
        }
    }
}
