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
            catch (Exception ex) when (InternalsDiffer(ex))
            {
                return false;
            }
        }

        /// <summary>The largest packet the protocol sends; a longer row comes as several, joined by the connector.</summary>
        private const int MaxPacketBytes = (1 << 24) - 1;

        /// <summary>
        /// Readies a connection for rows of up to <paramref name="rowBytes"/> (past 16 MB) without an
        /// array per row: the read buffer takes a whole packet (16 MB) and the connector's buffer
        /// that joins a row's packets starts at <paramref name="rowBytes"/> instead of growing
        /// to it by doubling. Both arrays are new, so the pages the rows never reach stay untouched
        /// (not resident). Without it a row of 16 MB costs a 16 MB array for the packet, the join
        /// buffer at 16 MB and its doubling at 32 MB, all alive at the first such row.
        /// </summary>
        public static bool TryReserveLargeRows(MySqlConnection connection, int rowBytes)
        {
            if (!TryEnlarge(connection, MaxPacketBytes + 4)) return false;
            try
            {
                var session = Field(connection, "m_session");
                var cache = Field(session, "m_payloadCache");
                var segment = cache?.GetType().GetProperty("ArraySegment", Instance);
                if (segment?.PropertyType != typeof(ArraySegment<byte>) || !segment.CanWrite) return false;
                var current = (ArraySegment<byte>)segment.GetValue(cache);
                if (current.Count != 0) return false;
                if (current.Array != null && current.Array.Length >= rowBytes) return true;
                segment.SetValue(cache, new ArraySegment<byte>(new byte[Math.Max(rowBytes, MaxPacketBytes + 1)], 0, 0));
                return true;
            }
            catch (Exception ex) when (InternalsDiffer(ex))
            {
                return false;
            }
        }

        /// <summary>What reflection throws when another connector build has other internals: then nothing changes.</summary>
        private static bool InternalsDiffer(Exception ex) => ex is FieldAccessException || ex is MethodAccessException
            || ex is ArgumentException || ex is InvalidCastException || ex is TargetException;

        private static object? Field(object? owner, string name) =>
            owner?.GetType().GetField(name, Instance)?.GetValue(owner);
    }
}
