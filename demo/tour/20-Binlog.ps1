param($Sandbox, $ConfigurationPath)
Write-Host ''
Write-Host '--- The incremental log: the server binlogs, first and last event time: Get-RostrvmBinlog'
Get-RostrvmBinlog -ConfigurationPath $ConfigurationPath | Select-Object -Last 3 | Out-Host
Write-Host '--- Who deleted what, and when? Get-RostrvmBinlogEvent -Operation Delete'
$last = Get-RostrvmBinlog -ConfigurationPath $ConfigurationPath | Select-Object -Last 2
$last | Get-RostrvmBinlogEvent -Operation Delete, Ddl -NoRows | Select-Object -Last 5 | Out-Host
Write-Host '--- The same as transactions with their GTIDs (what -StopBefore takes):'
$last | Get-RostrvmBinlogEvent -Transaction -NoRows | Select-Object -Last 3 | Out-Host
Write-Host '--- A replayable script, like mysqlbinlog without the client tool: Export-RostrvmBinlog'
$script = Join-Path ([System.IO.Path]::GetTempPath()) 'rostrvm-tour-replay.sql'
$last | Export-RostrvmBinlog -OutFile $script -ConfigurationPath $ConfigurationPath | Out-Host
Write-Host ("    {0}: {1:N0} bytes; first lines:" -f $script, (Get-Item $script).Length)
Get-Content $script -TotalCount 8 | ForEach-Object { Write-Host "    $_" }
Remove-Item $script
Write-Host '--- The nightly copy of closed binlogs, verified: Backup-RostrvmBinlog'
Backup-RostrvmBinlog -ConfigurationPath $ConfigurationPath -Confirm:$false | Out-Host
