using System;

namespace Rostrvm.Core.Binlog
{
    /// <summary>A table a statement changes: its database (the statement's default one when unqualified; null when there is none) and
    /// name.</summary>
    public struct TableName : IEquatable<TableName>
    {
        public TableName(string? database, string table)
        {
            Database = database;
            Table = table;
        }

        public string? Database { get; }
        public string Table { get; }

        /// <summary>db.table, or the table alone when no database is known.</summary>
        public string QualifiedName => string.IsNullOrEmpty(Database) ? Table : Database + "." + Table;

        // Names compare as the server compares them on Linux (lower_case_table_names=0): exactly.
        public bool Equals(TableName other) => string.Equals(Database, other.Database, StringComparison.Ordinal) && string.Equals(Table,
            other.Table, StringComparison.Ordinal);
        public override bool Equals(object? obj) => obj is TableName other && Equals(other);
        public override int GetHashCode() => ((Database?.GetHashCode() ?? 0) * 397) ^ (Table?.GetHashCode() ?? 0);
        public override string ToString() => QualifiedName;
    }
}
