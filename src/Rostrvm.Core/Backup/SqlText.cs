using System.Text;

namespace Rostrvm.Core.Backup
{
    /// <summary>SQL text pieces shared by the dump writer and the loader.</summary>
    public static class SqlText
    {
        public static string QuoteIdentifier(string name) => "`" + name.Replace("`", "``") + "`";

        public static string QuoteString(string? value) =>
            value == null
                ? "NULL"
                : "'" + value.Replace("\\", "\\\\").Replace("'", "\\'").Replace("\n", "\\n").Replace("\r", "\\r")
                    .Replace("\0", "\\0") + "'";

        public static readonly UTF8Encoding Utf8 = new UTF8Encoding(false);
    }
}
