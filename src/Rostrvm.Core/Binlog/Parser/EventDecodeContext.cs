
namespace Rostrvm.Core.Binlog
{
    /// <summary>What a decoder may consult: the file's format description and the table maps so far.</summary>
    internal sealed class EventDecodeContext
    {
        public EventDecodeContext(FormatDescriptionEventData format, TableMapCache tableMaps)
        {
            Format = format;
            TableMaps = tableMaps;
        }

        public FormatDescriptionEventData Format { get; set; }
        public TableMapCache TableMaps { get; }
    }
}
