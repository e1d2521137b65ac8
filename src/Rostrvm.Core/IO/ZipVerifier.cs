using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Reflection;
using System.Threading;

namespace Rostrvm.Core.IO
{
    /// <summary>
    /// Reads zips back. <see cref="Verify"/> decompresses every entry and recomputes its CRC-32 and
    /// length (and, where the runtime exposes it, compares the CRC stored in the archive): the
    /// check that must pass before anything the zip replaces is deleted (docs/ARCHITECTURE.md, safety rule 1).
    /// <see cref="ReadDirectory"/> only parses the central directory: cheap, for recognising a file.
    /// </summary>
    public static class ZipVerifier
    {
        private const int BufferSize = 1 << 18;

        // ZipArchiveEntry.Crc32 exists from .NET Core 3.0 on, not in netstandard2.0.
        private static readonly PropertyInfo? s_storedCrc = typeof(ZipArchiveEntry).GetProperty("Crc32");

        /// <summary>Entries of a zip from its central directory, without reading their data.</summary>
        /// <exception cref="ZipCorruptException">The file is not a readable zip.</exception>
        public static IReadOnlyList<ZipEntryInfo> ReadDirectory(string path)
        {
            try
            {
                using (var archive = ZipFile.OpenRead(path))
                {
                    var entries = new List<ZipEntryInfo>();
                    foreach (var entry in archive.Entries)
                    {
                        entries.Add(new ZipEntryInfo(entry.FullName, entry.Length, StoredCrc(entry) ?? 0, entry.LastWriteTime.LocalDateTime)
                        {
                            CompressedLength = entry.CompressedLength,
                        });
                    }
                    return entries;
                }
            }
            catch (InvalidDataException ex)
            {
                throw new ZipCorruptException(path, ex.Message, ex);
            }
        }

        /// <summary>
        /// Decompresses every entry, checking CRC-32 and length; when <paramref name="expected"/> is
        /// given the archive must hold exactly those entries with that content.
        /// </summary>
        /// <exception cref="ZipCorruptException">Unreadable, damaged, or not the expected content.</exception>
        public static IReadOnlyList<ZipEntryInfo> Verify(string path, IReadOnlyList<ZipEntryInfo>? expected,
            CancellationToken cancellationToken)
        {
            var found = new List<ZipEntryInfo>();
            try
            {
                using (var archive = ZipFile.OpenRead(path))
                {
                    var buffer = new byte[BufferSize];
                    foreach (var entry in archive.Entries)
                    {
                        uint crc = 0;
                        long length = 0;
                        using (var data = entry.Open())
                        {
                            int read;
                            while ((read = data.Read(buffer, 0, buffer.Length)) > 0)
                            {
                                cancellationToken.ThrowIfCancellationRequested();
                                crc = FastCrc32.Append(crc, buffer, 0, read);
                                length += read;
                            }
                        }
                        var actual = crc;
                        var stored = StoredCrc(entry);
                        if (stored.HasValue && stored.Value != actual)
                            throw new ZipCorruptException(path, $"entry '{entry.FullName}' has CRC {actual:x8} but the archive " +
                                $"records {stored.Value:x8}");
                        if (length != entry.Length)
                            throw new ZipCorruptException(path, $"entry '{entry.FullName}' holds {length} bytes but the archive " +
                                $"records {entry.Length}");
                        found.Add(new ZipEntryInfo(entry.FullName, length, actual,
                            entry.LastWriteTime.LocalDateTime) { CompressedLength = entry.CompressedLength });
                    }
                }
            }
            catch (InvalidDataException ex)
            {
                throw new ZipCorruptException(path, ex.Message, ex);
            }
            catch (EndOfStreamException ex)
            {
                throw new ZipCorruptException(path, ex.Message, ex);
            }

            if (expected != null)
            {
                if (expected.Count != found.Count)
                    throw new ZipCorruptException(path, $"it holds {found.Count} entries where {expected.Count} were written");
                for (var i = 0; i < expected.Count; i++)
                {
                    if (!string.Equals(expected[i].Name, found[i].Name, StringComparison.Ordinal) || !expected[i].SameContentAs(found[i]))
                        throw new ZipCorruptException(path, $"entry '{found[i].Name}' ({found[i].Length} bytes, CRC {found[i].Crc32:x8}) " +
                            $"differs from what was written: '{expected[i].Name}' ({expected[i].Length} bytes, " +
                            $"CRC {expected[i].Crc32:x8})");
                }
            }
            return found;
        }

        private static uint? StoredCrc(ZipArchiveEntry entry) =>
            s_storedCrc == null ? (uint?)null : Convert.ToUInt32(s_storedCrc.GetValue(entry));
    }
}
