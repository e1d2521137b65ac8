using System;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// The extra part of an Execute_load_query event: which loaded file the statement reads, and
    /// where in its text the original file name sits (from after "LOAD DATA" to after "INTO"),
    /// so a replay can put a local copy of the file there, as mysqlbinlog does.
    /// </summary>
    public sealed class LoadQueryInfo
    {
        public uint FileId { get; internal set; }
        public LoadDuplicates Duplicates { get; internal set; }
        /// <summary>The statement text before the file name: "LOAD DATA" (maybe with CONCURRENT or LOW_PRIORITY).</summary>
        public string SqlBeforeFile { get; internal set; } = "";
        /// <summary>The statement text after "INTO": " TABLE `t` ...".</summary>
        public string SqlAfterFile { get; internal set; } = "";

        /// <summary>The statement that loads the same rows from a local copy of the file.</summary>
        public string StatementFor(string localPath)
        {
            var quoted = "'" + localPath.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
            var duplicates = Duplicates == LoadDuplicates.Replace ? " REPLACE"
                : Duplicates == LoadDuplicates.Ignore ? " IGNORE" : string.Empty;
            return SqlBeforeFile + " LOCAL INFILE " + quoted + duplicates + " INTO" + SqlAfterFile;
        }

        /// <summary>Splits the statement bytes at the logged file-name offsets (byte offsets, clamped).</summary>
        internal static LoadQueryInfo Split(uint fileId, uint start, uint end, byte duplicates, byte[] sql, System.Text.Encoding encoding)
        {
            var s = (int)Math.Min(start, (uint)sql.Length);
            var e = (int)Math.Max(s, Math.Min(end, (uint)sql.Length));
            return new LoadQueryInfo
            {
                FileId = fileId,
                Duplicates = (LoadDuplicates)duplicates,
                SqlBeforeFile = encoding.GetString(sql, 0, s),
                SqlAfterFile = encoding.GetString(sql, e, sql.Length - e),
            };
        }
    }
}
