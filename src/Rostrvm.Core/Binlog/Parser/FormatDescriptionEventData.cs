using System;
using System.Text.RegularExpressions;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// The format description event that starts every v4 binlog: server version, the common
    /// header length, each event type's post-header length and the checksum algorithm.
    /// https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Format__description__event.html
    /// </summary>
    public sealed class FormatDescriptionEventData : EventData
    {
        public const byte ChecksumOff = 0;
        public const byte ChecksumCrc32 = 1;
        public const byte ChecksumUndefined = 255;

        /// <summary>LOG_EVENT_BINLOG_IN_USE_F: set while the server writes the file, cleared when it closes it.</summary>
        public const ushort BinlogInUseFlag = 0x1;

        /// <summary>LOG_EVENT_ARTIFICIAL_F: made up by a replica or the reader, not written by the source (a relay log's fake
        /// Rotate).</summary>
        public const ushort ArtificialFlag = 0x20;

        /// <summary>LOG_EVENT_RELAY_LOG_F: written by a replica into its relay log. On the first format
        /// description it marks the whole file as a relay log: the other events carry the source's positions.</summary>
        public const ushort RelayLogFlag = 0x40;

        private readonly byte[] _postHeaderLengths;

        private FormatDescriptionEventData(ushort binlogVersion, string serverVersion, uint created, byte headerLength,
            byte[] postHeaderLengths, byte checksum)
        {
            BinlogVersion = binlogVersion;
            ServerVersion = serverVersion;
            CreatedTimestamp = created;
            HeaderLength = headerLength;
            _postHeaderLengths = postHeaderLengths;
            ChecksumAlgorithm = checksum;
            IsMariaDb = serverVersion.IndexOf("MariaDB", StringComparison.OrdinalIgnoreCase) >= 0;
        }

        public ushort BinlogVersion { get; }
        public string ServerVersion { get; }
        public uint CreatedTimestamp { get; }
        public byte HeaderLength { get; }
        public byte ChecksumAlgorithm { get; }
        public bool HasChecksums => ChecksumAlgorithm == ChecksumCrc32;
        public int ChecksumLength => HasChecksums ? 4 : 0;
        public bool IsMariaDb { get; }
        public string Flavor => IsMariaDb ? "MariaDB" : "MySQL";

        public int PostHeaderLength(BinlogEventType type)
        {
            var index = (int)type - 1;
            return index >= 0 && index < _postHeaderLengths.Length ? _postHeaderLengths[index] : -1;
        }

        /// <summary>Decodes the body (without the common header) of a format description event.
        /// The checksum algorithm byte exists only from MySQL 5.6.1 / MariaDB 5.3; the four bytes
        /// after it are always there (room for the CRC even when checksums are off).</summary>
        internal static FormatDescriptionEventData Decode(ReadOnlySpan<byte> body)
        {
            var reader = new EventBodyReader(body);
            var version = reader.ReadUInt16();
            var serverVersionBytes = reader.ReadBytes(50);
            var nul = serverVersionBytes.IndexOf((byte)0);
            var serverVersion = EventBodyReader.Utf8(nul >= 0 ? serverVersionBytes.Slice(0, nul) : serverVersionBytes);
            var created = reader.ReadUInt32();
            var headerLength = reader.ReadByte();
            var rest = reader.ReadToEnd();
            byte checksum = ChecksumUndefined;
            if (SupportsChecksums(serverVersion) && rest.Length >= 5)
            {
                checksum = rest[rest.Length - 5];
                rest = rest.Slice(0, rest.Length - 5);
            }
            return new FormatDescriptionEventData(version, serverVersion, created, headerLength, rest.ToArray(), checksum);
        }

        private static readonly Regex VersionPattern = new Regex(@"^(\d+)\.(\d+)\.(\d+)", RegexOptions.CultureInvariant);

        internal static bool SupportsChecksums(string serverVersion)
        {
            var m = VersionPattern.Match(serverVersion);
            if (!m.Success) return false;
            var v = new Version(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value));
            return serverVersion.IndexOf("MariaDB", StringComparison.OrdinalIgnoreCase) >= 0
                ? v >= new Version(5, 3, 0)
                : v >= new Version(5, 6, 1);
        }
    }
}
