
namespace Rostrvm.Core.Binlog
{
    internal delegate EventData EventDecoder(BinlogEvent ev, EventDecodeContext context);
}
