param($Sandbox, $ConfigurationPath)
# The nightly log purge over the demo's months of dated logs (CallDirector_20261123.log, ...).
$logs = (Get-RostrvmConfiguration -ConfigurationPath $ConfigurationPath).EffectiveLogPath
$before = Get-ChildItem $logs -File
Write-Host ''
Write-Host ("--- Log purge: {0} log files, {1:N1} MB, in {2}" -f $before.Count, (($before | Measure-Object Length -Sum).Sum / 1MB), $logs)
Write-Host '    (Compress-RostrvmLog -WhatIf lists every log it would zip, with its month folder, and every expired log it would delete)'
Write-Host '--- The run: logs over 2 days old zipped into month folders, logs over 90 days deleted'
$result = Compress-RostrvmLogs -ConfigurationPath $ConfigurationPath
$result | Select-Object -First 3 | Format-Table | Out-Host
$compressed = @($result | Where-Object Action -eq Compressed)
Write-Host ("    {0} compressed ({1:N1} MB -> {2:N1} MB), {3} deleted, {4} skipped" -f $compressed.Count,
    (($compressed | Measure-Object Length -Sum).Sum / 1MB), (($compressed | Measure-Object ZipLength -Sum).Sum / 1MB),
    @($result | Where-Object Action -eq Deleted).Count, @($result | Where-Object Action -eq Skipped).Count)
Get-ChildItem $logs -Directory | ForEach-Object { Write-Host ("    {0}: {1} zips" -f $_.Name, @(Get-ChildItem $_.FullName -Filter *.zip).Count) }
Write-Host ("    left in place: {0}" -f ((Get-ChildItem $logs -File | Where-Object Name -notlike '.*').Name -join ', '))
Write-Host '--- Run again: nothing left to do'
Write-Host ("    {0} files touched" -f @(Compress-RostrvmLog -ConfigurationPath $ConfigurationPath).Count)
