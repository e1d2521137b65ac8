using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using ICSharpCode.SharpZipLib.Zip;
using Rostrvm.Core.IO;

namespace Rostrvm.Core.Recordings
{
    /// <summary>
    /// Writes one .sdb archive under a temporary name (through <see cref="AtomicFile"/>): one entry
    /// per body, streamed through a fixed buffer, then <c>manifest.json</c>. Knows, before each
    /// recording, whether it still fits under the maximum size, counting a safe upper bound for
    /// everything still to come (its entry, its manifest record, the central directory, the end
    /// records), so a finished archive is never over the size unless a single recording is.
    /// Unencrypted archives are laid out by <see cref="ZipContainerWriter"/>; encrypted ones by
    /// SharpZipLib's ZipOutputStream, which does the AES.
    /// </summary>
    public sealed class ArchiveWriter : IDisposable
    {
        // Upper bounds of the zip structures around one entry (APPNOTE 4.3.7, 4.3.9, 4.3.12, 4.5.3;
        // WinZip AE-x): local header 30 + zip64 extra 20 + AES extra 11, data descriptor 24,
        // AES salt 16 + verifier 2 + MAC 10, central header 46 + zip64 extra 32 + AES extra 11.
        private const int EntryFixedOverhead = 30 + 20 + 11 + 24 + 28 + 46 + 32 + 11 + 64;
        private const int EndRecords = 56 + 20 + 22 + 64;
        private const int ManifestHeaderReserve = 2048;
        // Bytes written between two flushes to disk while the archive grows (see Add).
        private const long SyncEvery = 64L << 20;

        private readonly AtomicFile _file;
        // Exactly one of the two is set: the zip stream for an encrypted archive, the container otherwise.
        private readonly ZipOutputStream? _zip;
        private readonly ZipContainerWriter? _container;
        private readonly byte[] _buffer;
        private long _manifestJsonBytes;
        private long _centralDirectoryBytes;
        private long _synced;
        private bool _finished;

        public ArchiveWriter(string directory, string prefix, string? password, long maxSize, byte[]? buffer)
        {
            MaxSize = maxSize;
            _buffer = buffer ?? new byte[1 << 20];
            // The final name is known only at the end (it carries the last recording time); the
            // temporary file sits beside it with the AtomicFile suffix, so leftovers are found.
            _file = AtomicFile.Create(Path.Combine(directory, prefix + ArchiveName.Extension), ownerOnly: true);
            if (!string.IsNullOrEmpty(password))
            {
                _zip = new ZipOutputStream(_file.Stream) { IsStreamOwner = false, UseZip64 = UseZip64.On, NameTransform = null };
                _zip.SetLevel(1);
                _zip.Password = password;
            }
            else
            {
                _container = new ZipContainerWriter(_file.Stream);
            }
            Manifest = new ArchiveManifest();
        }

        public ArchiveManifest Manifest { get; }
        public long MaxSize { get; }

        private ZipOutputStream Zip => _zip ?? throw new InvalidOperationException("An unencrypted archive has no zip stream.");
        public string TemporaryPath => _file.TemporaryPath;
        public int Count => Manifest.Recordings.Count;
        public long BytesWritten => _file.Stream.Position;

        /// <summary>The size the archive would have at most if it were finished now.</summary>
        public long UpperBoundIfFinishedNow =>
            _file.Stream.Position + _centralDirectoryBytes + FinishReserve(_manifestJsonBytes);

        /// <summary>True when a recording of this size, entry name and manifest record still fits.</summary>
        public bool Fits(long bodyBytes, string entryName, int manifestRecordBytes)
        {
            var next = EntryOverhead(entryName) + bodyBytes + DeflateOverhead(bodyBytes) + manifestRecordBytes + 1;
            return UpperBoundIfFinishedNow + next <= MaxSize;
        }

        /// <summary>The smallest maximum size that can hold one recording of this size.</summary>
        public static long SizeForOne(long bodyBytes, string entryName, int manifestRecordBytes) =>
            EntryOverhead(entryName) + bodyBytes + DeflateOverhead(bodyBytes) + manifestRecordBytes + FinishReserve(0);

        private static long EntryOverhead(string entryName) => EntryFixedOverhead + 2L * Encoding.UTF8.GetByteCount(entryName);

        private static long DeflateOverhead(long bytes) => bytes / 2000 + 64;

        private static long FinishReserve(long manifestJsonBytes) =>
            EntryOverhead(ArchiveManifest.EntryName) + ManifestHeaderReserve + manifestJsonBytes +
                DeflateOverhead(ManifestHeaderReserve + manifestJsonBytes) + EndRecords;

        /// <summary>
        /// Streams one body into a new entry, hashing it on the way. The caller serializes the
        /// manifest record afterwards with the hashes filled in.
        /// </summary>
        public ManifestRecord Add(long id, DateTime time, string entryName, string? declaredFormat, Stream body, long expectedLength,
            CancellationToken token)
        {
            // Look at the first bytes to decide between stored and deflated before the entry starts.
            var head = 0;
            int read;
            while (head < BodyFormat.SniffLength && (read = body.Read(_buffer, head, _buffer.Length - head)) > 0) head += read;
            var stored = BodyFormat.StoreWithoutDeflate(declaredFormat, _buffer, head);

            Stream data;
            if (_container != null)
            {
                data = _container.BeginEntry(entryName, time, deflate: !stored);
            }
            else
            {
                Zip.PutNextEntry(new ZipEntry(entryName)
                {
                    DateTime = time,
                    CompressionMethod = stored ? CompressionMethod.Stored : CompressionMethod.Deflated,
                    AESKeySize = 256,
                });
                data = Zip;
            }

            var hash = new BodyHash();
            try
            {
                if (head > 0)
                {
                    hash.Append(_buffer, 0, head);
                    data.Write(_buffer, 0, head);
                }
                while ((read = body.Read(_buffer, 0, _buffer.Length)) > 0)
                {
                    token.ThrowIfCancellationRequested();
                    hash.Append(_buffer, 0, read);
                    data.Write(_buffer, 0, read);
                }
                if (_container != null) _container.EndEntry(hash.Crc32, hash.Length);
                else Zip.CloseEntry();
                if (hash.Length != expectedLength)
                    throw new InvalidDataException($"Recording {id}: read {hash.Length} bytes of the body, expected {expectedLength}; it " +
                        $"changed while being archived.");

                var record = new ManifestRecord
                {
                    Id = id,
                    Entry = entryName,
                    Time = time,
                    Bytes = hash.Length,
                    Crc32 = hash.Crc32,
                    Sha256 = hash.FinishSha256(),
                    Stored = stored,
                };
                _centralDirectoryBytes += 46 + 32 + 11 + Encoding.UTF8.GetByteCount(entryName);
                // The final flush would otherwise write the whole archive out to disk at once,
                // after everything else (about 0.6 s per GB here); this thread mostly waits for
                // the next body, so flushing as it goes costs no time.
                if (_file.Stream.Position - _synced >= SyncEvery && _file.Stream is FileStream file)
                {
                    file.Flush(flushToDisk: true);
                    _synced = file.Position;
                }
                return record;
            }
            finally
            {
                hash.Dispose();
            }
        }

        /// <summary>Adds the record (its JSON already serialized) to the manifest.</summary>
        public void Record(ManifestRecord record)
        {
            var json = record.Json ?? throw new ArgumentException("The record's JSON is not serialized yet.", nameof(record));
            Manifest.Recordings.Add(record);
            _manifestJsonBytes += json.Length + 1;
            if (Manifest.Recordings.Count == 1 || record.Time < Manifest.From) Manifest.From = record.Time;
            if (record.Time > Manifest.To) Manifest.To = record.Time;
        }

        /// <summary>Writes the manifest, closes the zip and flushes the temporary file to disk.</summary>
        public void Finish()
        {
            if (_finished) return;
            Manifest.CreatedUtc = DateTime.UtcNow;
            if (_container != null)
            {
                var manifest = new NonClosingStream(_container.BeginEntry(ArchiveManifest.EntryName, DateTime.Now, deflate: true));
                Manifest.WriteTo(manifest);
                _container.EndEntry(manifest.Crc32, manifest.Length);
                _container.Finish();
            }
            else
            {
                var zip = Zip;
                zip.PutNextEntry(new ZipEntry(ArchiveManifest.EntryName) { DateTime = DateTime.Now,
                    CompressionMethod = CompressionMethod.Deflated, AESKeySize = 256 });
                Manifest.WriteTo(new NonClosingStream(zip));
                zip.CloseEntry();
                zip.Finish();
                zip.Dispose();
            }
            _file.Flush();
            _finished = true;
        }

        public void Dispose()
        {
            // An unfinished zip is abandoned, not disposed: disposing would write its central directory.
            _file.Dispose();
        }

        /// <summary>Keeps Utf8JsonWriter's dispose from closing the zip stream; counts and CRCs what passes.</summary>
        private sealed class NonClosingStream : Stream
        {
            private readonly Stream _inner;
            private readonly System.IO.Hashing.Crc32 _crc = new System.IO.Hashing.Crc32();
            public NonClosingStream(Stream inner) { _inner = inner; }
            public uint Crc32 => _crc.GetCurrentHashAsUInt32();
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => _length;
            private long _length;
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count)
            {
                _crc.Append(new ReadOnlySpan<byte>(buffer, offset, count));
                _length += count;
                _inner.Write(buffer, offset, count);
            }
        }
    }
}
