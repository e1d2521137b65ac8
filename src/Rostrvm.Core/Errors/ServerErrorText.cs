using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Rostrvm.Core.Errors
{
    /// <summary>
    /// A server error message without the values it quotes. The server quotes the text near a
    /// syntax error, a duplicate key's value or a bad column name, and in a restore that text is
    /// row data (a recording's bytes, a caller's number): it must never reach an error record,
    /// a transcript or the maintenance history.
    /// </summary>
    public static class ServerErrorText
    {
        private static readonly Regex Quoted = new Regex(@"(?<=^|[\s(=,:])'(?:[^'\\]|\\.|'')*'?",
            RegexOptions.CultureInvariant | RegexOptions.Singleline);

        /// <summary>The message with every quoted span (a quote after a space, bracket, comma, colon or '=', not an apostrophe) replaced by
        /// '...'.</summary>
        [return: NotNullIfNotNull("message")]
        public static string? WithoutValues(string? message) =>
            string.IsNullOrEmpty(message) ? message : Quoted.Replace(message, "'...'");
    }
}
