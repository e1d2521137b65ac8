
namespace Rostrvm.Core.Binlog
{
    /// <summary>Common view of every GTID-bearing event (MySQL GTID, anonymous GTID, tagged GTID, MariaDB GTID).</summary>
    public abstract class GtidEventDataBase : EventData
    {
        /// <summary>The GTID as the server writes it: <c>uuid:n</c> or tagged <c>uuid:tag:n</c> (MySQL), <c>domain-server-seq</c>
        /// (MariaDB); null for anonymous.</summary>
        public abstract string? Gtid { get; }
    }
}
