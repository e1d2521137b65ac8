using System;
using System.Collections.Generic;
using Rostrvm.Core.Configuration;

namespace Rostrvm.Core.Binlog
{
    /// <summary>How the SQL is written.</summary>
    public sealed class BinlogSqlWriterOptions
    {
        /// <summary>Replay into other databases: old name -> new name (default database and table maps; mysqlbinlog
        /// --rewrite-db).</summary>
        public IDictionary<string, string>? DatabaseRenames { get; set; }

        /// <summary>Add "### INSERT INTO ..." comments with the decoded rows (mysqlbinlog -v).</summary>
        public bool DecodedComments { get; set; }

        /// <summary>Keep the GTIDs (MariaDB gtid_seq_no/server_id/domain; MySQL GTID_NEXT). Off: transactions replay as new ones.</summary>
        public bool PreserveGtids { get; set; }

        /// <summary>Start with SET sql_log_bin=0 so the replay is not written to the target's binlog.</summary>
        public bool DisableBinaryLogging { get; set; }

        public bool VerifyChecksums { get; set; } = true;

        /// <summary>
        /// Where the files of LOAD DATA statements logged in statement format are written for
        /// LOAD DATA LOCAL INFILE (mysqlbinlog --local-load). Null: a new owner-only folder in the
        /// temporary directory, named in a warning.
        /// </summary>
        public string? LoadFileDirectory { get; set; }

        /// <summary>Column names for the decoded comments when table maps carry none.</summary>
        public IColumnInfoSource? ColumnInfo { get; set; }

        /// <summary>
        /// The SQL of Export-RostrvmBinlog: with <paramref name="targetDatabase"/>, the events of <paramref name="database"/>
        /// (the settings' database when none is given) are replayed into it.
        /// </summary>
        public static BinlogSqlWriterOptions From(RostrvmSettings settings, string? database = null, string? targetDatabase = null,
            bool decodedComments = false, bool preserveGtids = false, bool disableBinaryLogging = false) => new BinlogSqlWriterOptions
        {
            DatabaseRenames = targetDatabase is { Length: > 0 } target
                ? new Dictionary<string, string>(StringComparer.Ordinal)
                    { [database is { Length: > 0 } source ? source : settings.EffectiveDatabase] = target }
                : null,
            DecodedComments = decodedComments,
            PreserveGtids = preserveGtids,
            DisableBinaryLogging = disableBinaryLogging,
        };

        /// <summary>A copy with the LOAD DATA files written to <paramref name="directory"/>; this one is left as it is.</summary>
        public BinlogSqlWriterOptions WithLoadFileDirectory(string? directory)
        {
            var copy = (BinlogSqlWriterOptions)MemberwiseClone();
            copy.LoadFileDirectory = directory;
            return copy;
        }
    }
}
