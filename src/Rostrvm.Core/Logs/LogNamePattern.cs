using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Rostrvm.Core.Logs
{
    /// <summary>
    /// File-name wildcards (<c>*</c>, <c>?</c>) matched case-insensitively on the whole name, the
    /// same on every platform (Directory.EnumerateFiles patterns have 8.3 quirks on Windows:
    /// "*.log" also matches "a.logx" there).
    /// </summary>
    public sealed class LogNamePattern
    {
        private readonly Regex[] _patterns;

        public LogNamePattern(IEnumerable<string>? patterns)
        {
            Patterns = (patterns ?? Enumerable.Empty<string>()).Where(p => !string.IsNullOrWhiteSpace(p)).ToArray();
            _patterns = Patterns.Select(ToRegex).ToArray();
        }

        public IReadOnlyList<string> Patterns { get; }

        public bool IsMatch(string fileName) => _patterns.Any(p => p.IsMatch(fileName));

        private static Regex ToRegex(string pattern)
        {
            var text = new StringBuilder("^");
            foreach (var c in pattern.Trim())
            {
                if (c == '*') text.Append(".*");
                else if (c == '?') text.Append('.');
                else text.Append(Regex.Escape(c.ToString()));
            }
            text.Append('$');
            return new Regex(text.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
        }
    }
}
