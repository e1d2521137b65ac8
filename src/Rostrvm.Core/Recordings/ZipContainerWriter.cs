using System;
using System.IO;
using System.Text;
using ICSharpCode.SharpZipLib.Zip.Compression;
using ICSharpCode.SharpZipLib.Zip.Compression.Streams;

namespace Rostrvm.Core.Recordings
{
    /// <summary>
    /// Writes the ZIP64 container of an unencrypted .sdb directly, in the layout SharpZipLib's
    /// ZipOutputStream (UseZip64.On) writes to a seekable file: each local header carries the
    /// zip64 sizes and is rewritten in place once its entry is written (no data descriptor), the
    /// central directory holds the sizes in a zip64 field, and the zip64 end records come only
    /// when offsets or the entry count need them (APPNOTE 4.3.7, 4.3.12, 4.3.14-16, 4.5.3).
    /// Why not ZipOutputStream: it computes its own table-driven CRC-32 of every byte (about 1.4 s
    /// of CPU per GB here) while the archiver already has it from the hardware CRC it keeps for the
    /// manifest. Deflated entries still go through SharpZipLib's deflater (same level, same output
    /// bound as before); encrypted archives keep ZipOutputStream, which does the AES.
    /// </summary>
    internal sealed class ZipContainerWriter
    {
        private const uint LocalSignature = 0x04034b50;
        private const uint CentralSignature = 0x02014b50;
        private const uint EndSignature = 0x06054b50;
        private const uint Zip64EndSignature = 0x06064b50;
        private const uint Zip64LocatorSignature = 0x07064b50;
        private const ushort Version = 45;          // 4.5: ZIP64
        private const ushort Utf8Names = 0x0800;    // general purpose bit 11
        private const ushort Stored = 0, Deflated = 8;
        private const int Zip64Tag = 0x0001;

        private readonly Stream _output;
        private readonly MemoryStream _central = new MemoryStream();
        private readonly byte[] _header = new byte[30 + 20 + ushort.MaxValue];
        private long _entries;
        // The UTF-8 name of the entry being written; null between entries.
        private byte[]? _name;
        private ushort _method;
        private uint _dosTime;
        private long _headerOffset;
        private long _dataOffset;
        private DeflaterOutputStream? _deflater;

        /// <param name="output">A seekable stream positioned at the start of the archive.</param>
        public ZipContainerWriter(Stream output)
        {
            if (!output.CanSeek) throw new ArgumentException("The archive stream must be seekable.", nameof(output));
            _output = output;
        }

        /// <summary>Starts an entry; returns the stream its bytes are written to (not to be disposed).</summary>
        public Stream BeginEntry(string name, DateTime time, bool deflate)
        {
            if (_name != null) throw new InvalidOperationException("The previous entry is not finished.");
            var utf8 = _name = Encoding.UTF8.GetBytes(name);
            if (utf8.Length > ushort.MaxValue - 20) throw new ArgumentException("The entry name is too long.", nameof(name));
            _method = deflate ? Deflated : Stored;
            _dosTime = DosTime(time);
            _headerOffset = _output.Position;
            // Placeholder CRC and sizes; EndEntry writes the header again with the real ones.
            _output.Write(_header, 0, LocalHeader(utf8, 0, 0, 0));
            _dataOffset = _output.Position;
            if (!deflate) return _output;
            _deflater = new DeflaterOutputStream(_output, new Deflater(1, true)) { IsStreamOwner = false };
            return _deflater;
        }

        /// <summary>Finishes the entry with the CRC-32 and length of the bytes written to it.</summary>
        public void EndEntry(uint crc, long size)
        {
            var name = _name ?? throw new InvalidOperationException("No entry is started.");
            if (_deflater != null)
            {
                _deflater.Finish();
                _deflater.Dispose();
                _deflater = null;
            }
            var end = _output.Position;
            var compressed = end - _dataOffset;
            _output.Position = _headerOffset;
            _output.Write(_header, 0, LocalHeader(name, crc, size, compressed));
            _output.Position = end;
            CentralHeader(name, crc, size, compressed);
            _entries++;
            _name = null;
        }

        /// <summary>Writes the central directory and the end records.</summary>
        public void Finish()
        {
            if (_name != null) throw new InvalidOperationException("The last entry is not finished.");
            var centralOffset = _output.Position;
            _central.Position = 0;
            _central.CopyTo(_output);
            var centralSize = _central.Length;
            var zip64 = _entries >= ushort.MaxValue || centralOffset >= uint.MaxValue || centralSize >= uint.MaxValue;
            var end = new BinaryWriter(new MemoryStream());
            if (zip64)
            {
                var zip64End = _output.Position;
                end.Write(Zip64EndSignature);
                end.Write(44L);                    // size of the rest of this record
                end.Write(Version); end.Write(Version);
                end.Write(0u); end.Write(0u);      // this disk, disk of the central directory
                end.Write(_entries); end.Write(_entries);
                end.Write(centralSize); end.Write(centralOffset);
                end.Write(Zip64LocatorSignature);
                end.Write(0u); end.Write(zip64End); end.Write(1u);
            }
            end.Write(EndSignature);
            end.Write((ushort)0); end.Write((ushort)0);
            var count = (ushort)Math.Min(_entries, ushort.MaxValue);
            end.Write(count); end.Write(count);
            end.Write((uint)Math.Min(centralSize, uint.MaxValue));
            end.Write((uint)Math.Min(centralOffset, uint.MaxValue));
            end.Write((ushort)0);                  // no comment
            end.Flush();
            ((MemoryStream)end.BaseStream).WriteTo(_output);
        }

        /// <summary>The local header into <see cref="_header"/>; returns its length.</summary>
        private int LocalHeader(byte[] name, uint crc, long size, long compressed)
        {
            var at = 0;
            Put32(ref at, LocalSignature);
            Put16(ref at, Version);
            Put16(ref at, Utf8Names);
            Put16(ref at, _method);
            Put32(ref at, _dosTime);
            Put32(ref at, crc);
            Put32(ref at, uint.MaxValue);           // sizes in the zip64 field
            Put32(ref at, uint.MaxValue);
            Put16(ref at, (ushort)name.Length);
            Put16(ref at, 20);
            Buffer.BlockCopy(name, 0, _header, at, name.Length);
            at += name.Length;
            Put16(ref at, Zip64Tag);
            Put16(ref at, 16);
            Put64(ref at, size);
            Put64(ref at, compressed);
            return at;
        }

        private void CentralHeader(byte[] name, uint crc, long size, long compressed)
        {
            var offsetInZip64 = _headerOffset >= uint.MaxValue;
            var w = new BinaryWriter(_central, Encoding.UTF8, leaveOpen: true);
            w.Write(CentralSignature);
            w.Write(Version);                       // made by: 4.5, MS-DOS attributes
            w.Write(Version);                       // needed to extract
            w.Write(Utf8Names);
            w.Write(_method);
            w.Write(_dosTime);
            w.Write(crc);
            w.Write(uint.MaxValue);
            w.Write(uint.MaxValue);
            w.Write((ushort)name.Length);
            w.Write((ushort)(offsetInZip64 ? 28 : 20));
            w.Write((ushort)0);                     // comment
            w.Write((ushort)0);                     // disk
            w.Write((ushort)0);                     // internal attributes
            w.Write(0u);                            // external attributes
            w.Write(offsetInZip64 ? uint.MaxValue : (uint)_headerOffset);
            w.Write(name);
            w.Write((ushort)Zip64Tag);
            w.Write((ushort)(offsetInZip64 ? 24 : 16));
            w.Write(size);
            w.Write(compressed);
            if (offsetInZip64) w.Write(_headerOffset);
            w.Flush();
        }

        private void Put16(ref int at, ushort value) { _header[at++] = (byte)value; _header[at++] = (byte)(value >> 8); }

        private void Put32(ref int at, uint value) { Put16(ref at, (ushort)value); Put16(ref at, (ushort)(value >> 16)); }

        private void Put64(ref int at, long value) { Put32(ref at, (uint)value); Put32(ref at, (uint)((ulong)value >> 32)); }

        /// <summary>MS-DOS date and time, clamped to the years it can hold (1980-2107), as SharpZipLib does.</summary>
        internal static uint DosTime(DateTime time)
        {
            if (time.Year < 1980) time = new DateTime(1980, 1, 1);
            else if (time.Year > 2107) time = new DateTime(2107, 12, 31, 23, 59, 58);
            return (uint)(((time.Year - 1980) & 0x7f) << 25 | time.Month << 21 | time.Day << 16
                | time.Hour << 11 | time.Minute << 5 | time.Second >> 1);
        }
    }
}
