using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Rostrvm.Core.Maintenance
{
    /// <summary>Quoting of a program and its arguments for each scheduler's command syntax.</summary>
    public static class CommandLine
    {
        /// <summary>Windows (CommandLineToArgvW rules): quote when needed, backslashes before quotes doubled.</summary>
        public static string Windows(IEnumerable<string> arguments) => string.Join(" ", arguments.Select(WindowsArgument));

        public static string WindowsArgument(string argument)
        {
            if (argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '"' }) < 0) return argument;
            var builder = new StringBuilder("\"");
            var backslashes = 0;
            foreach (var c in argument)
            {
                if (c == '\\') { backslashes++; continue; }
                if (c == '"') builder.Append('\\', backslashes * 2 + 1);
                else builder.Append('\\', backslashes);
                backslashes = 0;
                builder.Append(c);
            }
            builder.Append('\\', backslashes * 2).Append('"');
            return builder.ToString();
        }

        /// <summary>systemd ExecStart: double quotes, C escapes, and % and $ doubled (specifiers and variables).</summary>
        public static string Systemd(IEnumerable<string> arguments) => string.Join(" ", arguments.Select(a =>
        {
            var escaped = a.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("%", "%%").Replace("$", "$$");
            return a.Length > 0 && a.IndexOfAny(new[] { ' ', '\t', '"', '\'', '\\', ';' }) < 0 ? escaped : "\"" + escaped + "\"";
        }));

        /// <summary>/bin/sh in a cron line: single quotes, and % escaped (cron turns it into a newline).</summary>
        public static string Shell(IEnumerable<string> arguments) => string.Join(" ", arguments.Select(a =>
            "'" + a.Replace("'", "'\\''").Replace("%", "\\%") + "'"));

        /// <summary>Splits what <see cref="Systemd"/> and <see cref="Shell"/> wrote back into arguments.</summary>
        public static IList<string> Split(string line, bool shell)
        {
            var result = new List<string>();
            var current = new StringBuilder();
            var inArgument = false;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (char.IsWhiteSpace(c))
                {
                    if (inArgument) { result.Add(current.ToString()); current.Clear(); inArgument = false; }
                    continue;
                }
                inArgument = true;
                if (shell && c == '\'')
                {
                    var end = line.IndexOf('\'', i + 1);
                    if (end < 0) end = line.Length;
                    current.Append(line.Substring(i + 1, end - i - 1).Replace("\\%", "%"));
                    i = end;
                }
                else if (shell && c == '\\' && i + 1 < line.Length) { current.Append(line[++i]); }
                else if (!shell && c == '"')
                {
                    for (i++; i < line.Length && line[i] != '"'; i++)
                    {
                        if (line[i] == '\\' && i + 1 < line.Length) i++;
                        current.Append(line[i]);
                    }
                }
                else current.Append(c);
            }
            if (inArgument) result.Add(current.ToString());
            if (!shell) for (var k = 0; k < result.Count; k++) result[k] = result[k].Replace("%%", "%").Replace("$$", "$");
            return result;
        }
    }
}
