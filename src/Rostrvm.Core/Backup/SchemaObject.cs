using System.Collections.Generic;

namespace Rostrvm.Core.Backup
{
    /// <summary>A view, routine, trigger or event with the SQL that recreates it.</summary>
    public sealed class SchemaObject
    {
        /// <summary>VIEW, PROCEDURE, FUNCTION, TRIGGER or EVENT.</summary>
        public string Kind { get; set; } = "";
        public string Name { get; set; } = "";
        /// <summary>The table a trigger belongs to; null for the other kinds.</summary>
        public string? Table { get; set; }
        /// <summary>Null until the server showed it.</summary>
        public string? CreateStatement { get; set; }
        /// <summary>The sql_mode and time zone a body was created with, as the server shows them (null when it does not).</summary>
        public string? SqlMode { get; set; }
        public string? TimeZone { get; set; }
        public List<string> Columns { get; set; } = new List<string>();
    }
}
