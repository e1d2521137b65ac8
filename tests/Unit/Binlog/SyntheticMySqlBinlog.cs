using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Hashing;
using System.Linq;
using System.Text;

namespace Rostrvm.Tests.Unit.Binlog
{
    /// <summary>
    /// Builds a small MySQL binlog file event by event, in the v4 layout (19-byte common header,
    /// end_log_pos, CRC32 over header and body), starting with a format description event of the
    /// given server version. For events no fixture holds, such as MySQL 8.4 / 9.x tagged GTIDs.
    /// </summary>
    public sealed class SyntheticMySqlBinlog
    {
        public const uint ServerId = 7;
        private readonly MemoryStream _file = new MemoryStream();
        private readonly uint _time;

        public SyntheticMySqlBinlog(string serverVersion = "9.1.0", DateTime? timeUtc = null)
        {
            _time = (uint)new DateTimeOffset(timeUtc ?? new DateTime(2026, 11, 24, 14, 5, 0, DateTimeKind.Utc)).ToUnixTimeSeconds();
            _file.Write(new byte[] { 0xFE, 0x62, 0x69, 0x6E }, 0, 4);
            var body = new List<byte>();
            body.AddRange(BitConverter.GetBytes((ushort)4));
            var version = new byte[50];
            Encoding.ASCII.GetBytes(serverVersion).CopyTo(version, 0);
            body.AddRange(version);
            body.AddRange(BitConverter.GetBytes(_time));
            body.Add(19);
            body.AddRange(PostHeaderLengths);
            body.Add(1); // checksum algorithm: CRC32
            Add(15, body.ToArray());
        }

        /// <summary>Post-header lengths by event type 1-42 (MySQL 8.4 / 9.x: Query 13, Rotate 8,
        /// Table_map 8, rows v1 8 and v2 10, GTID events 42, Transaction_payload 40, others 0 or as shown).</summary>
        private static readonly byte[] PostHeaderLengths =
        {
            56, 13, 0, 8, 0, 18, 0, 4, 4, 4, 4, 18, 0, 0, 98, 0, 4, 26, 8, 0, 0, 0, 8, 8, 8, 2, 0, 0, 0, 10, 10, 10,
            42, 42, 0, 18, 52, 0, 10, 40, 0, 42,
        };

        /// <summary>Where the next event starts.</summary>
        public long Position => _file.Length;

        /// <summary>Appends one event (header, body, CRC32) and returns its position.</summary>
        public long Add(byte type, byte[] body)
        {
            var start = _file.Length;
            var length = 19 + body.Length + 4;
            var header = new List<byte>();
            header.AddRange(BitConverter.GetBytes(_time));
            header.Add(type);
            header.AddRange(BitConverter.GetBytes(ServerId));
            header.AddRange(BitConverter.GetBytes((uint)length));
            header.AddRange(BitConverter.GetBytes((uint)(start + length)));
            header.AddRange(BitConverter.GetBytes((ushort)0));
            var bytes = header.Concat(body).ToArray();
            _file.Write(bytes, 0, bytes.Length);
            _file.Write(BitConverter.GetBytes(Crc32.HashToUInt32(bytes)), 0, 4);
            return start;
        }

        /// <summary>A Query event: thread id, exec time, database length, error code, no status variables, database, NUL, SQL.</summary>
        public long AddQuery(string database, string sql)
        {
            var body = new List<byte>();
            body.AddRange(BitConverter.GetBytes(42u));
            body.AddRange(BitConverter.GetBytes(0u));
            body.Add((byte)database.Length);
            body.AddRange(BitConverter.GetBytes((ushort)0));
            body.AddRange(BitConverter.GetBytes((ushort)0));
            body.AddRange(Encoding.ASCII.GetBytes(database));
            body.Add(0);
            body.AddRange(Encoding.UTF8.GetBytes(sql));
            return Add(2, body.ToArray());
        }

        public long AddXid(ulong xid) => Add(16, BitConverter.GetBytes(xid));

        public long AddPreviousGtids(byte[] encodedSet) => Add(35, encodedSet);

        public long AddTaggedGtid(byte[] serializedBody) => Add(42, serializedBody);

        /// <summary>Writes the file under the folder and returns its path.</summary>
        public string Save(string folder, string name = "binlog.000001")
        {
            var path = Path.Combine(folder, name);
            File.WriteAllBytes(path, _file.ToArray());
            return path;
        }
    }
}
