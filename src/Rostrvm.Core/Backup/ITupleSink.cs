namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// Where <see cref="SlicedTupleFormatter"/> writes a row too large for one buffer: it asks
    /// for room before each slice, and the sink may hand the filled buffer on (to the file) and
    /// give an empty one instead.
    /// </summary>
    internal interface ITupleSink
    {
        /// <summary>
        /// Makes room for <paramref name="bytes"/> at <paramref name="at"/> in <paramref name="buffer"/>.
        /// What is before <paramref name="at"/> is final; the sink may replace the buffer (and reset the position).
        /// </summary>
        void Reserve(int bytes, ref byte[] buffer, ref int at);
    }
}
