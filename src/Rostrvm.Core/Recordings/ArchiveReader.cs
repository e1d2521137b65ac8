using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using ICSharpCode.SharpZipLib.Zip;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Recordings
{
    /// <summary>
    /// Opens an .sdb archive, reads its manifest, checks entries and copies bodies out, turning
    /// the zip library's failures into errors that name the archive and say what to do.
    /// </summary>
    public sealed class ArchiveReader : IDisposable
    {
        private readonly ZipFile _zip;
        private readonly Dictionary<string, ZipEntry> _entries = new Dictionary<string, ZipEntry>(StringComparer.Ordinal);

        private ArchiveReader(string path, ZipFile zip, ArchiveManifest manifest, bool encrypted)
        {
            Path = path;
            _zip = zip;
            Manifest = manifest;
            Encrypted = encrypted;
            foreach (ZipEntry entry in zip) if (entry.IsFile) _entries[entry.Name] = entry;
        }

        public string Path { get; }
        public ArchiveManifest Manifest { get; }
        public bool Encrypted { get; }

        /// <summary>Opens the archive and reads its manifest.</summary>
        public static ArchiveReader Open(string path, string? password)
        {
            ZipFile? zip = null;
            try
            {
                zip = new ZipFile(path) { IsStreamOwner = true };
                var manifestEntry = zip.GetEntry(ArchiveManifest.EntryName)
                    ?? throw Unreadable(path, "it has no manifest.json", null);
                var encrypted = manifestEntry.IsCrypted;
                if (encrypted)
                {
                    if (string.IsNullOrEmpty(password))
                        throw new RostrvmException("ArchivePasswordRequired", FailureKind.AuthenticationError,
                            $"The archive '{path}' is encrypted. Give its password with -Password (a SecureString or a PSCredential).",
                                path);
                    zip.Password = password;
                }
                ArchiveManifest manifest;
                using (var stream = OpenChecked(zip, manifestEntry, path)) manifest = ArchiveManifest.Read(stream);
                var reader = new ArchiveReader(path, zip, manifest, encrypted);
                zip = null;
                return reader;
            }
            catch (RostrvmException) { throw; }
            catch (FileNotFoundException ex)
            {
                throw new RostrvmException("ArchiveNotFound", FailureKind.ObjectNotFound,
                    $"The archive '{path}' does not exist. Check -ArchivePath (or ArchivePath in the settings); it may have been moved.",
                        path, ex);
            }
            catch (DirectoryNotFoundException ex)
            {
                throw new RostrvmException("ArchiveNotFound", FailureKind.ObjectNotFound,
                    $"The archive '{path}' does not exist. Check -ArchivePath (or ArchivePath in the settings); it may have been moved.",
                        path, ex);
            }
            catch (Exception ex) when (ex is ZipException || ex is IOException || ex is InvalidDataException
                || ex is System.Text.Json.JsonException
                                       || ex is KeyNotFoundException || ex is FormatException || ex is InvalidOperationException)
            {
                throw Unreadable(path, ex.Message, ex);
            }
            finally
            {
                zip?.Close();
            }
        }

        internal static RostrvmException Unreadable(string path, string why, Exception? inner) =>
            new RostrvmException("ArchiveUnreadable", FailureKind.InvalidData,
                $"The archive '{path}' cannot be read ({why}); it is truncated or corrupt. Its recordings cannot be exported from it: " +
                    $"restore the file from a copy, or check the storage it is on.",
                path, inner);

        private static Stream OpenChecked(ZipFile zip, ZipEntry entry, string path)
        {
            try
            {
                return zip.GetInputStream(entry);
            }
            catch (ZipException ex) when (ex.Message.IndexOf("password", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                throw new RostrvmException("ArchivePasswordIncorrect", FailureKind.AuthenticationError,
                    $"The password given for the archive '{path}' is wrong. Give the password it was written with.", path, ex);
            }
        }

        /// <summary>Copies one recording's body out, checking its length, CRC-32 and SHA-256 against the manifest.</summary>
        public void CopyTo(ManifestRecord record, Stream destination, byte[] buffer, CancellationToken token)
        {
            var problem = Check(record, destination, buffer, token);
            if (problem != null)
                throw new RostrvmException("ArchiveEntryCorrupt", FailureKind.InvalidData,
                    $"Recording {record.Id} in the archive '{Path}' is damaged: {problem}. Restore the archive from a copy.", Path);
        }

        /// <summary>null when the entry reads back identical to what the manifest says, else why not.</summary>
        public string? Check(ManifestRecord record, Stream? copyTo, byte[] buffer, CancellationToken token) =>
            Check(record, copyTo, buffer, token, true);

        private string? Check(ManifestRecord record, Stream? copyTo, byte[] buffer, CancellationToken token, bool checkSha256)
        {
            if (!_entries.TryGetValue(record.Entry, out var entry)) return $"entry '{record.Entry}' is missing";
            try
            {
                using (var stream = OpenChecked(_zip, entry, Path))
                using (var hash = BodyHash.Copy(stream, copyTo, buffer, token, checkSha256))
                {
                    if (hash.Length != record.Bytes) return $"entry '{record.Entry}' holds {hash.Length} bytes, the manifest " +
                        $"says {record.Bytes}";
                    if (hash.Crc32 != record.Crc32) return $"entry '{record.Entry}' CRC-32 {hash.Crc32:x8} differs from the " +
                        $"manifest's {record.Crc32:x8}";
                    if (!entry.IsCrypted && entry.HasCrc && (uint)entry.Crc != record.Crc32) return $"entry '{record.Entry}' CRC-32 in " +
                        $"the zip directory differs from the manifest";
                    if (checkSha256 && !string.Equals(hash.FinishSha256(), record.Sha256,
                        StringComparison.OrdinalIgnoreCase)) return $"entry '{record.Entry}' SHA-256 differs from the manifest";
                    return null;
                }
            }
            catch (RostrvmException) { throw; }
            catch (Exception ex) when (ex is ZipException || ex is IOException || ex is InvalidDataException
                                       || ex is ICSharpCode.SharpZipLib.SharpZipBaseException
                                           || ex is System.Security.Cryptography.CryptographicException)
            {
                return $"entry '{record.Entry}' cannot be read ({ex.Message})";
            }
        }

        /// <summary>
        /// Reads every entry back; returns the records that did not match, with why. Length and
        /// CRC-32 are always checked; <paramref name="checkSha256"/> false skips the SHA-256, for the
        /// read-back right after writing (the CRC finds what storage damages, at a fraction of the CPU).
        /// </summary>
        public List<KeyValuePair<ManifestRecord, string>> Verify(byte[] buffer, CancellationToken token, bool checkSha256 = true)
        {
            var bad = new List<KeyValuePair<ManifestRecord, string>>();
            foreach (var record in Manifest.Recordings)
            {
                token.ThrowIfCancellationRequested();
                var problem = Check(record, null, buffer, token, checkSha256);
                if (problem != null) bad.Add(new KeyValuePair<ManifestRecord, string>(record, problem));
            }
            return bad;
        }

        public void Dispose() => _zip.Close();
    }
}
