namespace Rostrvm.Core.Backup
{
    /// <summary>One column of a <see cref="DumpTable"/> that takes values.</summary>
    public sealed class DumpColumn
    {
        public string Name { get; set; } = "";
        public string DataType { get; set; } = "";
        /// <summary>Empty (or null) for columns without one.</summary>
        public string? CharacterSet { get; set; }
        public DumpColumnKind Kind { get; set; }
        /// <summary>False only when the column is declared NOT NULL (then no NULL test per value).</summary>
        public bool Nullable { get; set; } = true;

        public static DumpColumnKind KindOf(string? dataType)
        {
            switch ((dataType ?? string.Empty).ToLowerInvariant())
            {
                case "tinyint": case "smallint": case "mediumint": case "int": case "integer": case "bigint":
                case "decimal": case "numeric": case "float": case "double": case "real": case "year":
                    return DumpColumnKind.Number;
                case "bit":
                    return DumpColumnKind.Bit;
                case "binary": case "varbinary": case "tinyblob": case "blob": case "mediumblob": case "longblob":
                case "geometry": case "point": case "linestring": case "polygon": case "multipoint":
                case "multilinestring": case "multipolygon": case "geometrycollection": case "geomcollection":
                    return DumpColumnKind.Binary;
                default:
                    return DumpColumnKind.Text;
            }
        }
    }
}
