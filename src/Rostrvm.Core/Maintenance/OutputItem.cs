using System;
using System.Collections.Generic;
using System.Linq;

namespace Rostrvm.Core.Maintenance
{
    /// <summary>One output object of a job, as property names and values.</summary>
    public sealed class OutputItem
    {
        public OutputItem(string? typeName, IEnumerable<KeyValuePair<string, object?>>? properties)
        {
            TypeName = typeName ?? "Object";
            Properties = properties?.ToList() ?? new List<KeyValuePair<string, object?>>();
        }

        public string TypeName { get; }
        /// <summary>A property that could not be read, or was null, has a null value.</summary>
        public IReadOnlyList<KeyValuePair<string, object?>> Properties { get; }
    }
}
