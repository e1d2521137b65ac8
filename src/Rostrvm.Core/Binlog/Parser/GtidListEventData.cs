using System;
using System.Collections.Generic;

namespace Rostrvm.Core.Binlog
{
    /// <summary>MariaDB: the GTID state at the start of this file.</summary>
    public sealed class GtidListEventData : EventData
    {
        public string[] Gtids { get; private set; } = Array.Empty<string>();

        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            var r = new EventBodyReader(ev.Body);
            var count = r.ReadUInt32() & 0x0FFFFFFF;
            var list = new List<string>();
            for (var i = 0; i < count; i++)
            {
                var domain = r.ReadUInt32();
                var server = r.ReadUInt32();
                var seq = r.ReadUInt64();
                list.Add($"{domain}-{server}-{seq}");
            }
            return new GtidListEventData { Gtids = list.ToArray() };
        }
    }
}
