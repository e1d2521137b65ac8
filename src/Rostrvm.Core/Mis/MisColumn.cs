using System;

namespace Rostrvm.Core.Mis
{
    /// <summary>One stored (not generated) column of a MIS table.</summary>
    public sealed class MisColumn
    {
        public MisColumn(string name, string dataType, int fractionDigits, bool unsigned = false)
        {
            Name = name;
            DataType = dataType;
            FractionDigits = fractionDigits;
            Kind = KindOf(dataType);
            if (unsigned && Kind == MisColumnKind.Signed) Kind = MisColumnKind.Unsigned;
        }

        public string Name { get; }
        public string DataType { get; }
        public MisColumnKind Kind { get; }
        /// <summary>DATETIME(6) has 6: the CSV keeps exactly the declared precision.</summary>
        public int FractionDigits { get; }

        internal static MisColumnKind KindOf(string dataType)
        {
            switch ((dataType ?? string.Empty).ToLowerInvariant())
            {
                case "tinyint": case "smallint": case "mediumint": case "int": case "integer": case "bigint":
                    return MisColumnKind.Signed;
                case "decimal": case "numeric": return MisColumnKind.Decimal;
                case "float": return MisColumnKind.Float;
                case "double": case "real": return MisColumnKind.Double;
                case "date": return MisColumnKind.Date;
                case "datetime": case "timestamp": return MisColumnKind.DateTime;
                case "time": return MisColumnKind.Time;
                case "year": return MisColumnKind.Year;
                case "bit": return MisColumnKind.Bit;
                case "binary": case "varbinary": case "tinyblob": case "blob": case "mediumblob": case "longblob":
                case "geometry": case "point": case "linestring": case "polygon":
                    return MisColumnKind.Binary;
                default: return MisColumnKind.Text; // char, varchar, *text, enum, set, json, inet6, uuid ...
            }
        }
    }
}
