using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Rostrvm.Tests.Unit.Binlog
{
    /// <summary>
    /// Writes MySQL's serialization framework by its documentation (libs/mysql/serialization/readme.md
    /// and variable_length_integers.h of the MySQL 9 source), independently of the reader: the
    /// bytes a MySQL 8.4 / 9.x server writes for a tagged GTID event and a tagged GTID set.
    /// </summary>
    public static class MySqlSerialization
    {
        /// <summary>write_varlen_bytes_unsigned: 1-9 bytes, the count of bytes as trailing ones + 1 in the first byte.</summary>
        public static byte[] Unsigned(ulong value)
        {
            var bits = 0;
            for (var v = value; v != 0; v >>= 1) bits++;
            var count = ((bits * 575) >> 12) + 1;
            var bytes = new byte[count];
            bytes[0] = (byte)(((1 << (count - 1)) - 1) | (int)(byte)(value << count));
            var rest = value >> (8 - count + ((count + 7) >> 4));
            for (var i = 1; i < count; i++, rest >>= 8) bytes[i] = (byte)rest;
            return bytes;
        }

        /// <summary>write_varlen_bytes_signed: the sign in the lowest bit, then the magnitude.</summary>
        public static byte[] Signed(long value)
        {
            var mask = (ulong)(value >> 63);
            return Unsigned((((ulong)value ^ mask) << 1) | (mask & 1));
        }

        /// <summary>A string field: its length as a varlen integer, then its bytes.</summary>
        public static byte[] String(string value) => Unsigned((ulong)value.Length).Concat(Encoding.ASCII.GetBytes(value)).ToArray();

        /// <summary>A fixed array of bytes: every element a varlen integer of its own.</summary>
        public static byte[] ByteArray(byte[] value) => value.SelectMany(b => Unsigned(b)).ToArray();

        /// <summary>
        /// A top-level message: format version 1 (written as the field id), the size of the whole
        /// message, the last non-ignorable field id + 1 (0 when every field may be ignored), then the
        /// (field id, value) pairs given.
        /// </summary>
        public static byte[] Message(IEnumerable<(int Id, byte[] Value)> fields, ulong lastNonIgnorable = 0)
        {
            var body = fields.SelectMany(f => Unsigned((ulong)f.Id).Concat(f.Value)).ToArray();
            var head = Unsigned(1).Concat(Unsigned(lastNonIgnorable)).ToList();
            // The size counts itself: find the fixpoint, as Serializer_default::get_size_serializable does.
            var size = (ulong)(head.Count + body.Length);
            while ((ulong)(head.Count + Unsigned(size).Length + body.Length) != size)
                size = (ulong)(head.Count + Unsigned(size).Length + body.Length);
            return Unsigned(1).Concat(Unsigned(size)).Concat(Unsigned(lastNonIgnorable)).Concat(body).ToArray();
        }

        /// <summary>The body of a Gtid_tagged_log_event (fields as Gtid_event::define_fields lists them).</summary>
        public static byte[] TaggedGtidBody(Guid uuid, string tag, long gno, long lastCommitted, long sequenceNumber,
            ulong commitMicroseconds, ulong transactionLength, uint serverVersion, params (int Id, byte[] Value)[] extra)
        {
            var fields = new List<(int, byte[])>
            {
                (0, Unsigned(1)),                        // gtid_flags: FLAG_MAY_HAVE_SBR
                (1, ByteArray(UuidBytes(uuid))),
                (2, Signed(gno)),
                (3, String(tag)),
                (4, Signed(lastCommitted)),
                (5, Signed(sequenceNumber)),
                (6, Unsigned(commitMicroseconds)),       // immediate_commit_timestamp
                                                         // 7 original_commit_timestamp: left out when equal
                (8, Unsigned(transactionLength)),
                (9, Unsigned(serverVersion)),            // immediate_server_version
            };
            fields.AddRange(extra);
            return Message(fields.OrderBy(f => f.Item1));
        }

        /// <summary>
        /// A GTID set as Gtid_set::encode writes it in the tagged format: 8 bytes with the format (1)
        /// in bytes 0 and 7 and the count in bytes 1-6, then per (uuid, tag) the 16 UUID bytes, the
        /// tag as a string field, the interval count and the [start, end) intervals, 8 bytes each.
        /// </summary>
        public static byte[] TaggedGtidSet(params (Guid Uuid, string Tag, (long Start, long End)[] Intervals)[] sids)
        {
            var output = new MemoryStream();
            var writer = new BinaryWriter(output);
            writer.Write((1UL << 56) | ((ulong)sids.Length << 8) | 1UL);
            foreach (var sid in sids)
            {
                writer.Write(UuidBytes(sid.Uuid));
                writer.Write(String(sid.Tag));
                writer.Write((ulong)sid.Intervals.Length);
                foreach (var (start, end) in sid.Intervals)
                {
                    writer.Write(start);
                    writer.Write(end);
                }
            }
            return output.ToArray();
        }

        /// <summary>The UUID's 16 bytes in text order (MySQL's binary form, not Guid.ToByteArray's).</summary>
        public static byte[] UuidBytes(Guid uuid) =>
            Enumerable.Range(0, 16).Select(i => Convert.ToByte(uuid.ToString("N").Substring(i * 2, 2), 16)).ToArray();
    }
}
