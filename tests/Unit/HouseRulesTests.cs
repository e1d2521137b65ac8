using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Rostrvm.Tests.Unit
{
    /// <summary>
    /// The house rules no SDK analyzer checks (docs/CONVENTIONS.md, "Code"), on every C# file that is
    /// annotated for nullable reference types; files still marked '#nullable disable' are checked
    /// once they are annotated.
    /// </summary>
    public class HouseRulesTests
    {
        private const int MaxLine = 140;

        // A type declared directly in a block-scoped namespace (one level of indentation); nested types are deeper.
        private static readonly Regex s_topLevelType = new Regex(
            @"^    (?:(?:public|internal|static|sealed|abstract|partial|readonly|unsafe|ref)\s+)*" +
                @"(?:class|struct|interface|enum|record)\s+(?<name>\w+)",
            RegexOptions.Multiline);

        public static IEnumerable<object[]> AnnotatedFiles()
        {
            var root = RepositoryRoot();
            return new[] { Path.Combine(root, "src"), Path.Combine(root, "tests", "Unit") }
                .SelectMany(folder => Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
                .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part == "obj" || part == "bin"))
                .Where(f => !File.ReadLines(f).First().StartsWith("#nullable disable", StringComparison.Ordinal))
                .Select(f => new object[] { Path.GetRelativePath(root, f) });
        }

        [Theory]
        [MemberData(nameof(AnnotatedFiles))]
        public void An_annotated_file_holds_one_type_named_after_it(string file)
        {
            var text = File.ReadAllText(Path.Combine(RepositoryRoot(), file));
            var types = s_topLevelType.Matches(text).Cast<Match>().Select(m => m.Groups["name"].Value).ToList();
            Assert.Equal(new[] { Path.GetFileNameWithoutExtension(file) }, types);
        }

        [Theory]
        [MemberData(nameof(AnnotatedFiles))]
        public void An_annotated_file_has_no_line_over_140_characters(string file)
        {
            var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), file));
            var tooLong = lines.Select((line, i) => (Number: i + 1, line.Length)).Where(l => l.Length > MaxLine).ToList();
            Assert.Empty(tooLong);
        }

        [Fact]
        public void Cmdlets_report_failures_only_through_the_shared_error_path()
        {
            // RostrvmCmdlet.WriteFailure/ThrowFailure turn every failure into the same record (ErrorRecords.From after
            // Explain: ServerConnectionLost, stable ids). Invoke-RostrvmMaintenance keeps its jobs' error records for
            // the history; it writes none.
            var cmdlets = Path.Combine(RepositoryRoot(), "src", "Rostrvm.PowerShell");
            var allowed = new[] { "RostrvmCmdlet.cs", "ErrorRecords.cs", "InvokeRostrvmMaintenanceCommand.cs" };
            var writing = Directory.EnumerateFiles(cmdlets, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part == "obj" || part == "bin"))
                .Where(f => Regex.IsMatch(File.ReadAllText(f), @"\b(WriteError|ThrowTerminatingError)\(|new ErrorRecord\("))
                .Select(Path.GetFileName)
                .ToList();
            Assert.Contains("RostrvmCmdlet.cs", writing);
            Assert.Empty(writing.Except(allowed));
        }

        [Fact]
        public void Finds_the_files_it_checks()
        {
            Assert.Contains(AnnotatedFiles(), f => (string)f[0] == Path.Combine("tests", "Unit", "HouseRulesTests.cs"));
        }

        private static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Rostrvm.slnx"))) return dir.FullName;
            }
            throw new InvalidOperationException("The repository root (Rostrvm.slnx) is not above " + AppContext.BaseDirectory);
        }
    }
}
