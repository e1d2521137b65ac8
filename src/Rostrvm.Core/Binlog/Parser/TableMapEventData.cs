using System;
using System.Collections.Generic;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// Maps a table id to a table and describes its columns for the rows events that follow.
    /// Optional metadata (binlog_row_metadata=FULL/MINIMAL) adds names, signedness, charsets, keys.
    /// https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Table__map__event.html
    /// </summary>
    public sealed class TableMapEventData : EventData
    {
        public ulong TableId { get; private set; }
        public ushort Flags { get; private set; }
        public string Database { get; private set; } = "";
        public string Table { get; private set; } = "";
        public int ColumnCount { get; private set; }

        /// <summary>Column types as logged (CHAR/ENUM/SET all appear as String; see <see cref="RealTypes"/>).</summary>
        public ColumnType[] Types { get; private set; } = Array.Empty<ColumnType>();

        /// <summary>Types with ENUM/SET/CHAR resolved from the metadata.</summary>
        public ColumnType[] RealTypes { get; private set; } = Array.Empty<ColumnType>();

        public ushort[] Metadata { get; private set; } = Array.Empty<ushort>();
        public bool[] Nullable { get; private set; } = Array.Empty<bool>();

        // Optional metadata: null when the server did not write it.
        public string?[]? ColumnNames { get; internal set; }
        public bool[]? Unsigned { get; private set; }
        public int[]? Collations { get; private set; }
        public string[]?[]? EnumValues { get; private set; }
        public string[]?[]? SetValues { get; private set; }
        public int[]? PrimaryKey { get; private set; }
        public int[]? GeometryTypes { get; private set; }

        /// <summary>The decoder for this table's row images, built once.</summary>
        internal RowImageDecoder Decoder { get; private set; } = null!; // set at the end of Decode, before anyone sees the map

        public string QualifiedName => "`" + Database + "`.`" + Table + "`";

        /// <summary>The name of column <paramref name="i"/>: from the metadata, else <c>@i+1</c>.</summary>
        public string ColumnName(int i) => ColumnNames != null && i < ColumnNames.Length ? ColumnNames[i] ?? "@" + (i + 1) : "@" + (i + 1);

        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            var r = new EventBodyReader(ev.Body);
            var data = new TableMapEventData();
            data.TableId = context.Format.PostHeaderLength(BinlogEventType.TableMap) == 6 ? r.ReadUInt32() : r.ReadUInt48();
            data.Flags = r.ReadUInt16();
            data.Database = r.ReadString(r.ReadByte());
            r.Skip(1);
            data.Table = r.ReadString(r.ReadByte());
            r.Skip(1);
            var n = r.ReadPackedLength();
            data.ColumnCount = n;
            var types = new ColumnType[n];
            var typeBytes = r.ReadBytes(n);
            for (var i = 0; i < n; i++) types[i] = (ColumnType)typeBytes[i];
            data.Types = types;
            var metaLength = r.ReadPackedLength();
            var metaEnd = r.Offset + metaLength;
            var meta = new ushort[n];
            var real = (ColumnType[])types.Clone();
            for (var i = 0; i < n; i++)
            {
                switch (types[i])
                {
                    case ColumnType.Float:
                    case ColumnType.Double:
                    case ColumnType.Blob:
                    case ColumnType.TinyBlob:
                    case ColumnType.MediumBlob:
                    case ColumnType.LongBlob:
                    case ColumnType.Geometry:
                    case ColumnType.Json:
                    case ColumnType.Vector:
                    case ColumnType.Timestamp2:
                    case ColumnType.DateTime2:
                    case ColumnType.Time2:
                        meta[i] = r.ReadByte();
                        break;
                    case ColumnType.VarChar:
                    case ColumnType.VarString:
                        meta[i] = r.ReadUInt16();
                        break;
                    case ColumnType.Bit:
                    case ColumnType.NewDecimal:
                        {
                            var b0 = r.ReadByte();
                            var b1 = r.ReadByte();
                            meta[i] = (ushort)(b0 << 8 | b1); // Bit: bits%8, bytes. Decimal: precision, scale.
                            break;
                        }
                    case ColumnType.String:
                    case ColumnType.Enum:
                    case ColumnType.Set:
                        {
                            var b0 = r.ReadByte();
                            var b1 = r.ReadByte();
                            int length = b1;
                            var realType = (ColumnType)b0;
                            if (b0 != 0 && (b0 & 0x30) != 0x30)
                            {
                                // Lengths over 255 borrow two bits of the type byte (bug #37426).
                                length |= ((b0 & 0x30) ^ 0x30) << 4;
                                realType = (ColumnType)(b0 | 0x30);
                            }
                            if (realType == ColumnType.Enum || realType == ColumnType.Set) real[i] = realType;
                            meta[i] = (ushort)length;
                            break;
                        }
                }
            }
            r.Offset = metaEnd;
            data.Metadata = meta;
            data.RealTypes = real;
            var nullBits = r.ReadBytes((n + 7) / 8);
            var nullable = new bool[n];
            for (var i = 0; i < n; i++) nullable[i] = (nullBits[i >> 3] & (1 << (i & 7))) != 0;
            data.Nullable = nullable;
            if (!r.AtEnd) data.ReadOptionalMetadata(r.ReadToEnd());
            data.Decoder = new RowImageDecoder(data);
            return data;
        }

        /// <summary>Fills what the table map did not carry from a schema (names, signedness, collations)
        /// and rebuilds the row decoder.</summary>
        internal void ApplySchema(ColumnInfo[] columns)
        {
            if (ColumnNames == null)
            {
                ColumnNames = new string[ColumnCount];
                for (var i = 0; i < ColumnCount; i++) ColumnNames[i] = columns[i].Name;
            }
            if (Unsigned == null)
            {
                Unsigned = new bool[ColumnCount];
                for (var i = 0; i < ColumnCount; i++) Unsigned[i] = columns[i].IsUnsigned;
            }
            if (Collations == null)
            {
                Collations = new int[ColumnCount];
                for (var i = 0; i < ColumnCount; i++) Collations[i] = IsCharacter(i) || IsEnumOrSet(i) ? columns[i].CollationId : 0;
            }
            if (EnumValues == null || SetValues == null)
            {
                var enums = new string[]?[ColumnCount];
                var sets = new string[]?[ColumnCount];
                for (var i = 0; i < ColumnCount; i++)
                {
                    if (RealTypes[i] == ColumnType.Enum) enums[i] = columns[i].Values;
                    else if (RealTypes[i] == ColumnType.Set) sets[i] = columns[i].Values;
                }
                if (EnumValues == null) EnumValues = enums;
                if (SetValues == null) SetValues = sets;
            }
            Decoder = new RowImageDecoder(this);
        }

        private bool IsNumeric(int i)
        {
            switch (Types[i])
            {
                case ColumnType.Tiny: case ColumnType.Short: case ColumnType.Int24: case ColumnType.Long:
                case ColumnType.LongLong: case ColumnType.NewDecimal: case ColumnType.Float: case ColumnType.Double:
                case ColumnType.Decimal: case ColumnType.Year:
                    return true;
                default:
                    return false;
            }
        }

        private bool IsCharacter(int i)
        {
            switch (RealTypes[i])
            {
                case ColumnType.VarChar: case ColumnType.VarString: case ColumnType.String:
                case ColumnType.Blob: case ColumnType.TinyBlob: case ColumnType.MediumBlob: case ColumnType.LongBlob:
                    return true;
                default:
                    return false;
            }
        }

        private bool IsEnumOrSet(int i) => RealTypes[i] == ColumnType.Enum || RealTypes[i] == ColumnType.Set;

        private void ReadOptionalMetadata(ReadOnlySpan<byte> optional)
        {
            var r = new EventBodyReader(optional);
            while (!r.AtEnd)
            {
                var type = r.ReadByte();
                var length = r.ReadPackedLength();
                var field = new EventBodyReader(r.ReadBytes(length));
                switch (type)
                {
                    case 1: // SIGNEDNESS: one bit per numeric column, most significant first
                        {
                            var unsigned = new bool[ColumnCount];
                            var k = 0;
                            var bits = field.ReadToEnd();
                            for (var i = 0; i < ColumnCount; i++)
                            {
                                if (!IsNumeric(i)) continue;
                                if ((k >> 3) < bits.Length) unsigned[i] = (bits[k >> 3] & (0x80 >> (k & 7))) != 0;
                                k++;
                            }
                            Unsigned = unsigned;
                            break;
                        }
                    case 2: // DEFAULT_CHARSET: default collation, then (column index among character columns, collation)
                    case 10: // ENUM_AND_SET_DEFAULT_CHARSET
                        {
                            var defaultCollation = field.ReadPackedLength();
                            var overrides = new Dictionary<int, int>();
                            while (!field.AtEnd) { var idx = field.ReadPackedLength(); overrides[idx] = field.ReadPackedLength(); }
                            AssignCollations(type == 10, k => overrides.TryGetValue(k, out var c) ? c : defaultCollation);
                            break;
                        }
                    case 3: // COLUMN_CHARSET: one collation per character column
                    case 11: // ENUM_AND_SET_COLUMN_CHARSET
                        {
                            var list = new List<int>();
                            while (!field.AtEnd) list.Add(field.ReadPackedLength());
                            AssignCollations(type == 11, k => k < list.Count ? list[k] : 0);
                            break;
                        }
                    case 4: // COLUMN_NAME
                        {
                            var names = new string[ColumnCount];
                            for (var i = 0; i < ColumnCount && !field.AtEnd; i++) names[i] = field.ReadString(field.ReadPackedLength());
                            ColumnNames = names;
                            break;
                        }
                    case 5: // SET_STR_VALUE
                    case 6: // ENUM_STR_VALUE
                        {
                            var all = new List<string[]>();
                            while (!field.AtEnd)
                            {
                                var count = field.ReadPackedLength();
                                var values = new string[count];
                                for (var v = 0; v < count; v++) values[v] = field.ReadString(field.ReadPackedLength());
                                all.Add(values);
                            }
                            var perColumn = new string[ColumnCount][];
                            var k = 0;
                            var wanted = type == 5 ? ColumnType.Set : ColumnType.Enum;
                            for (var i = 0; i < ColumnCount; i++)
                                if (RealTypes[i] == wanted && k < all.Count) perColumn[i] = all[k++];
                            if (type == 5) SetValues = perColumn; else EnumValues = perColumn;
                            break;
                        }
                    case 7: // GEOMETRY_TYPE
                        {
                            var g = new int[ColumnCount];
                            for (var i = 0; i < ColumnCount && !field.AtEnd; i++)
                                if (Types[i] == ColumnType.Geometry) g[i] = field.ReadPackedLength();
                            GeometryTypes = g;
                            break;
                        }
                    case 8: // SIMPLE_PRIMARY_KEY
                        {
                            var pk = new List<int>();
                            while (!field.AtEnd) pk.Add(field.ReadPackedLength());
                            PrimaryKey = pk.ToArray();
                            break;
                        }
                    case 9: // PRIMARY_KEY_WITH_PREFIX
                        {
                            var pk = new List<int>();
                            while (!field.AtEnd) { pk.Add(field.ReadPackedLength()); field.ReadPackedLength(); }
                            PrimaryKey = pk.ToArray();
                            break;
                        }
                }
            }
        }

        private void AssignCollations(bool enumAndSet, Func<int, int> collationOfIndex)
        {
            if (Collations == null) Collations = new int[ColumnCount];
            var k = 0;
            for (var i = 0; i < ColumnCount; i++)
            {
                var applies = enumAndSet ? IsEnumOrSet(i) : IsCharacter(i);
                if (!applies) continue;
                Collations[i] = collationOfIndex(k++);
            }
        }
    }
}
