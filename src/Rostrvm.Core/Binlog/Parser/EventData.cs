
namespace Rostrvm.Core.Binlog
{
    /// <summary>Base of every decoded event body.</summary>
    public abstract class EventData
    {
    }
}
