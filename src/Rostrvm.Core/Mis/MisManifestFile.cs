using System.Collections.Generic;
using System.IO;

namespace Rostrvm.Core.Mis
{
    public sealed class MisManifestFile
    {
        public string Table { get; set; } = "";
        public string File { get; set; } = "";
        public string? TimeColumn { get; set; }
        public string? KeyColumn { get; set; }
        public List<string>? Columns { get; set; }
        public List<string>? GeneratedColumnsLeftOut { get; set; }
        public long Rows { get; set; }
        /// <summary>Rows kept from an earlier extract of the day that the database no longer holds (already purged).</summary>
        public long RowsKeptFromEarlierExtract { get; set; }
        public long Bytes { get; set; }
        public string? Sha256 { get; set; }
        /// <summary>For an encrypted extract (File ends .gpg): the SHA-256 of the CSV inside; Sha256 is then that of the .gpg
        /// file.</summary>
        public string? PlainSha256 { get; set; }
        /// <summary>The statement that loads this file back (relative path: run it from the day folder or edit the path).</summary>
        public string? LoadData { get; set; }
    }
}
