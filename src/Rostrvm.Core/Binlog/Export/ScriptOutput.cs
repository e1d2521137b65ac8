using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// Where <see cref="BinlogSqlWriter.WriteAsync"/> writes a script. Over a file (a
    /// <see cref="StreamWriter"/>) each logged statement goes as the bytes it was logged with,
    /// which may be no UTF-8 (a latin1 session, a _binary literal), so the plain client replays
    /// exactly them; everything else is UTF-8 text. Over any other writer (text lines for the
    /// pipeline) statements go as their UTF-8 replay text.
    /// </summary>
    internal sealed class ScriptOutput
    {
        private const int BufferSize = 1 << 16;
        private readonly TextWriter? _text;
        private readonly Stream _bytes;
        private readonly MemoryStream _buffer;

        private ScriptOutput(TextWriter? text, Stream? bytes)
        {
            _text = text;
            // Writing text, the byte side is never used: an empty stand-in keeps both fields non-null.
            _bytes = bytes ?? Stream.Null;
            _buffer = bytes != null ? new MemoryStream(BufferSize * 2) : new MemoryStream(0);
        }

        public static async Task<ScriptOutput> CreateAsync(TextWriter output)
        {
            if (output is StreamWriter writer && writer.BaseStream != null && writer.BaseStream.CanWrite && writer.Encoding is UTF8Encoding)
            {
                // What the caller wrote before goes first.
                await writer.FlushAsync().ConfigureAwait(false);
                return new ScriptOutput(null, writer.BaseStream);
            }
            return new ScriptOutput(output, null);
        }

        public async Task WriteLineAsync(string line)
        {
            if (_text != null) { await _text.WriteLineAsync(line).ConfigureAwait(false); return; }
            var bytes = Encoding.UTF8.GetBytes(line);
            _buffer.Write(bytes, 0, bytes.Length);
            _buffer.WriteByte((byte)'\n');
            await Spill(false).ConfigureAwait(false);
        }

        /// <summary>The statement and a line end: its logged bytes into a file, its replay text elsewhere.</summary>
        public async Task WriteStatementAsync(BinlogStatement statement)
        {
            if (_text != null || statement.ScriptBytes == null) { await WriteLineAsync(statement.Sql).ConfigureAwait(false); return; }
            _buffer.Write(statement.ScriptBytes, 0, statement.ScriptBytes.Length);
            _buffer.WriteByte((byte)'\n');
            await Spill(false).ConfigureAwait(false);
        }

        public async Task FlushAsync()
        {
            if (_text != null) { await _text.FlushAsync().ConfigureAwait(false); return; }
            await Spill(true).ConfigureAwait(false);
            await _bytes.FlushAsync().ConfigureAwait(false);
        }

        private async Task Spill(bool all)
        {
            if (_buffer.Length == 0 || (!all && _buffer.Length < BufferSize)) return;
            await _bytes.WriteAsync(_buffer.GetBuffer(), 0, (int)_buffer.Length).ConfigureAwait(false);
            _buffer.SetLength(0);
        }
    }
}
