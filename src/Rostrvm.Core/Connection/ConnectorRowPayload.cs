using System;
using System.Linq.Expressions;
using System.Reflection;
using MySqlConnector;

namespace Rostrvm.Core.Connection
{
    /// <summary>
    /// The wire bytes of a data reader's current text-protocol row: one length-encoded string per
    /// column, 0xFB for NULL (MySQL client/server protocol, "Text Resultset Row").
    /// </summary>
    /// <remarks>
    /// MySqlConnector keeps that payload but offers no public way to it: its GetBytes only
    /// serves binary columns, so a dump had to ask the server to CAST every value AS BINARY,
    /// which costs the server about a third more CPU per row, and pay a checked call per value.
    /// The accessor is compiled once from the connector's internals (the reader's result set,
    /// its current row, the row's data). If another connector build lacks them, it is null and
    /// callers keep the public path; <see cref="PublicApiSwitch"/> forces that path too.
    /// </remarks>
    public static class ConnectorRowPayload
    {
        /// <summary>AppContext switch: true makes every caller use the connector's public API only.</summary>
        public const string PublicApiSwitch = "Rostrvm.Connection.UsePublicRowApi";

        private static readonly Func<MySqlDataReader, ReadOnlyMemory<byte>>? s_payload = TryCompile();

        /// <summary>Whether the payload can be read (the connector has the expected internals and the switch is off).</summary>
        public static bool Available => s_payload != null && !(AppContext.TryGetSwitch(PublicApiSwitch, out var forced) && forced);

        /// <summary>The current row's payload, valid until the next Read. Check <see cref="Available"/> first.</summary>
        public static ReadOnlySpan<byte> Of(MySqlDataReader reader) =>
            (s_payload ?? throw new InvalidOperationException("The connector's row payload is not available: check Available " +
                "first."))(reader).Span;

        private static Func<MySqlDataReader, ReadOnlyMemory<byte>>? TryCompile()
        {
            const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
            try
            {
                var getResultSet = typeof(MySqlDataReader).GetMethod("GetResultSet", Instance, null, Type.EmptyTypes, null);
                var getCurrentRow = getResultSet?.ReturnType.GetMethod("GetCurrentRow", Instance, null, Type.EmptyTypes, null);
                FieldInfo? data = null;
                for (var type = getCurrentRow?.ReturnType; type != null && data == null; type = type.BaseType)
                    data = type.GetField("m_data", Instance | BindingFlags.DeclaredOnly);
                if (data == null || data.FieldType != typeof(ReadOnlyMemory<byte>)) return null;
                var reader = Expression.Parameter(typeof(MySqlDataReader), "reader");
                var body = Expression.Field(Expression.Call(Expression.Call(reader, getResultSet), getCurrentRow), data);
                return Expression.Lambda<Func<MySqlDataReader, ReadOnlyMemory<byte>>>(body, reader).Compile();
            }
            catch (Exception ex) when (ex is AmbiguousMatchException || ex is ArgumentException || ex is InvalidOperationException
                || ex is MemberAccessException || ex is NotSupportedException)
            {
                return null;
            }
        }
    }
}
