using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace Rostrvm.PowerShell.Completion
{
    /// <summary>
    /// -StopPosition of a restore: where the recent transactions start (file:position), newest
    /// first, with their time, GTID and tables as the tooltip. Read with Get-RostrvmBinlogEvent
    /// from the server's newest binlogs back to the one that holds enough of them (at most
    /// <see cref="MostFiles"/>), so completion stays quick on a long chain and still offers
    /// something after a few flushes left the newest files empty.
    /// </summary>
    public sealed class StopPositionCompleter : RostrvmCompleter
    {
        private const int Recent = 20;
        private const int MostFiles = 8;

        protected override IEnumerable<Candidate> Candidates(string word, IDictionary bound)
        {
            var configuration = Text(bound, "ConfigurationPath");
            using (var shell = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                shell.AddScript(@"param($configuration, $count, $files)
$settings = @{}; if ($configuration) { $settings.ConfigurationPath = $configuration }
$chain = @(Get-RostrvmBinlog @settings -ErrorAction Stop -WarningAction SilentlyContinue)
$found = [System.Collections.Generic.List[object]]::new()
for ($i = $chain.Count - 1; $i -ge [Math]::Max(0, $chain.Count - $files) -and $found.Count -lt $count; $i--) {
    $found.InsertRange(0, [object[]]@($chain[$i] |
        Get-RostrvmBinlogEvent -Transaction @settings -ErrorAction Stop -WarningAction SilentlyContinue |
        Select-Object -Last ($count - $found.Count)))
}
$found",
                    useLocalScope: true)
                    .AddArgument(configuration).AddArgument(Recent).AddArgument(MostFiles);
                var transactions = shell.Invoke();
                return transactions.Reverse().Select(t =>
                {
                    var file = System.IO.Path.GetFileName(t.Properties["File"]?.Value as string ?? string.Empty);
                    var tables = t.Properties["Tables"]?.Value is IEnumerable names && !(names is string)
                        ? string.Join(",", names.Cast<object>())
                        : string.Empty;
                    return new Candidate($"{file}:{t.Properties["Position"]?.Value}",
                        $"{t.Properties["Time"]?.Value:yyyy-MM-dd HH:mm:ss} {t.Properties["Gtid"]?.Value} {tables}".Trim());
                }).ToList();
            }
        }
    }
}
