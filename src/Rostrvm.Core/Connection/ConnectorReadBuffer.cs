using System;
using System.Reflection;
using MySqlConnector;

namespace Rostrvm.Core.Connection
{
    /// <summary>
    /// Gives a connection's packet reader a larger buffer than the connector's 16 KB.
    /// </summary>
    /// <remarks>
    /// MySqlConnector reads the socket into a 16 KB buffer and gives every packet larger than that
    /// a new array: a dump of a BLOB table allocates one array per row (most of them on the large
    /// object heap, freed only by full collections), and every socket read brings at most 16 KB.
    /// With a buffer of <c>size</c> bytes, rows up to that size are read in place and each read
    /// takes what the socket has. The buffer is swapped only while the reader holds no data, on
    /// a connection not yet in use elsewhere. If another connector build lacks these internals,
    /// nothing changes; <see cref="ConnectorRowPayload.PublicApiSwitch"/> turns this off too.
    /// </remarks>
    public static class ConnectorReadBuffer
    {
        private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

        /// <summary>Enlarges the buffer; false when the connector's internals are not the expected ones.</summary>
        public static bool TryEnlarge(MySqlConnection connection, int size)
        {
            if (AppContext.TryGetSwitch(ConnectorRowPayload.PublicApiSwitch, out var forced) && forced) return false;
            try
            {
                var session = Field(connection, "m_session");
                var handler = Field(session, "m_payloadHandler");
                var reader = Field(handler, "m_bufferedByteReader");
                if (reader == null) return false;
                var buffer = reader.GetType().GetField("m_buffer", Instance);
                var remaining = reader.GetType().GetField("m_remainingData", Instance);
                if (buffer?.FieldType != typeof(byte[]) || remaining?.FieldType != typeof(ArraySegment<byte>)) return false;
                if (((ArraySegment<byte>)remaining.GetValue(reader)).Count != 0) return false;
                var current = (byte[])buffer.GetValue(reader);
                if (current != null && current.Length >= size) return true;
                buffer.SetValue(reader, new byte[size]);
                return true;
            }
            catch (Exception ex) when (ex is FieldAccessException || ex is ArgumentException || ex is InvalidCastException
                || ex is TargetException)
            {
                return false;
            }
        }

        private static object? Field(object? owner, string name) =>
            owner?.GetType().GetField(name, Instance)?.GetValue(owner);
    }
}
