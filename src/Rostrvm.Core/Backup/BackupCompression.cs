namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// How a backup file is compressed, named by its extension: .rbk (None), .rbk.gz (Gzip, loads with
    /// <c>gunzip -c | mysql</c>), .rbk.zst (Zstd, loads with <c>zstd -dc | mysql</c>). docs/ARCHITECTURE.md, file formats.
    /// </summary>
    public enum BackupCompression
    {
        None = 0,
        Gzip = 1,
        Zstd = 2,
    }
}
