using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Connection;

namespace Rostrvm.PowerShell.Completion
{
    /// <summary>
    /// What the module's argument completers share: the settings the command line names
    /// (-ConfigurationPath, else the default file), the connection it would use, and turning
    /// candidates into completion results (quoted when they need it). A completer never fails:
    /// without settings or a server it offers nothing.
    /// </summary>
    public abstract class RostrvmCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string? wordToComplete,
            CommandAst commandAst, IDictionary? fakeBoundParameters)
        {
            var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
            try
            {
                return Candidates(word, fakeBoundParameters ?? new Hashtable())
                    .Where(c => c.Text.StartsWith(word, StringComparison.OrdinalIgnoreCase)
                        || (c.ShortName != null && c.ShortName.StartsWith(word, StringComparison.OrdinalIgnoreCase)))
                    .Select(c => new CompletionResult(Quote(c.Text), c.Text, CompletionResultType.ParameterValue, c.ToolTip ?? c.Text))
                    .ToList();
            }
            catch (Exception)
            {
                return new CompletionResult[0];
            }
        }

        /// <summary>The candidates for what has been typed so far (filtered by prefix afterwards too).</summary>
        protected abstract IEnumerable<Candidate> Candidates(string word, IDictionary bound);

        protected static RostrvmSettings Settings(IDictionary bound) => SettingsStore.Load(Text(bound, "ConfigurationPath"));

        protected static ConnectionOptions Connection(IDictionary bound, RostrvmSettings settings) =>
            ConnectionOptions.FromSettings(settings, Text(bound, "Server"),
                bound.Contains("Port") ? Convert.ToInt32(Unwrap(bound["Port"])) : (int?)null,
                Text(bound, "Database"), (Unwrap(bound["Credential"]) as PSCredential)?.GetNetworkCredential(), Text(bound, "SslMode"));

        protected static string? Text(IDictionary bound, string name) => bound.Contains(name) ? Unwrap(bound[name])?.ToString() : null;

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        private static string Quote(string text) =>
            text.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', '(', ')', '{', '}', ';', ',', '&', '@', '#' }) >= 0
                ? "'" + text.Replace("'", "''") + "'"
                : text;

        protected sealed class Candidate
        {
            public Candidate(string text, string? toolTip = null, string? shortName = null)
            {
                Text = text;
                ToolTip = toolTip;
                ShortName = shortName;
            }

            public string Text { get; }
            public string? ToolTip { get; }
            /// <summary>What may be typed instead of the start of Text (a file's name for its full path).</summary>
            public string? ShortName { get; }
        }
    }
}
