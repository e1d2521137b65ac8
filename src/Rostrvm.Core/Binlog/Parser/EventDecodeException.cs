using System;

namespace Rostrvm.Core.Binlog
{
    /// <summary>Thrown by the span readers when an event body is shorter than its fields; the
    /// reader turns it into a <see cref="BinlogFormatException"/> with file and position.</summary>
    internal sealed class EventDecodeException : Exception
    {
        public EventDecodeException(string message) : base(message) { }
    }
}
