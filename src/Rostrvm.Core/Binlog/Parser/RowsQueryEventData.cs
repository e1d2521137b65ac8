
namespace Rostrvm.Core.Binlog
{
    /// <summary>The original statement of the rows events that follow (MySQL Rows_query, MariaDB Annotate_rows),
    /// as UTF-8 text with each byte that is no character shown as \xFF.</summary>
    public sealed class RowsQueryEventData : EventData
    {
        public string Sql { get; private set; } = "";

        internal static EventData DecodeMySql(BinlogEvent ev, EventDecodeContext context)
        {
            var r = new EventBodyReader(ev.Body);
            r.Skip(1); // a length byte truncated to 255; the text runs to the end of the body
            return new RowsQueryEventData { Sql = StatementText.Display(r.ReadToEnd().ToArray(), null) };
        }

        internal static EventData DecodeMariaDb(BinlogEvent ev, EventDecodeContext context) =>
            new RowsQueryEventData { Sql = StatementText.Display(ev.Body.ToArray(), null) };
    }
}
