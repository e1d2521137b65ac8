param($Sandbox, $ConfigurationPath)
Write-Host ''
Write-Host '--- MIS statistics: yesterday''s rows to CSV (the 02:00 extract): Export-RostrvmMis'
$extract = @(Export-RostrvmMis -ConfigurationPath $ConfigurationPath)
$extract | Out-Host
$calls = ($extract | Where-Object Table -eq mis_call).Path
Write-Host '--- The first lines of mis_call.csv: RFC 4180, text always quoted, NULL unquoted, ISO-8601 times'
Get-Content $calls -TotalCount 4 |
    ForEach-Object { '    ' + $(if ($_.Length -gt 150) { $_.Substring(0, 150) + '...' } else { $_ }) } | Out-Host
Write-Host '--- manifest.json says how to load it back:'
$manifest = Get-Content (Join-Path (Split-Path $calls -Parent) 'manifest.json') -Raw | ConvertFrom-Json
Write-Host ('    ' + ($manifest.files | Where-Object table -eq mis_call).loadData.Substring(0, 160) + '...')
$first = [datetime](($extract[0].Date).AddDays(-99))
Write-Host '--- What a purge of the first three days would delete, per day and table, without deleting: -WhatIf'
Invoke-RostrvmMisPurge -ConfigurationPath $ConfigurationPath -SkipExport -Before $first.AddDays(3) -WhatIf
Write-Host "--- Purging just the first two days (to keep the demo data for the other steps):"
Invoke-RostrvmMisPurge -ConfigurationPath $ConfigurationPath -SkipExport -Before $first.AddDays(2) -Confirm:$false | Out-Host
Write-Host '--- An extract edited after the fact is refused, naming the file:'
$day = Join-Path (Split-Path (Split-Path $calls -Parent) -Parent) $first.AddDays(2).ToString('yyyy-MM-dd')
Export-RostrvmMis -ConfigurationPath $ConfigurationPath -Date $first.AddDays(2) -Table mis_call | Out-Null
Add-Content (Join-Path $day 'mis_call.csv') 'tampered'
$purgeParameters = @{
    ConfigurationPath = $ConfigurationPath; SkipExport = $true; Table = 'mis_call'; Before = $first.AddDays(3); Confirm = $false
    ErrorAction = 'SilentlyContinue'; ErrorVariable = 'refused'
}
Invoke-RostrvmMisPurge @purgeParameters | Out-Null
Write-Host ("    {0}: {1}" -f $refused[0].FullyQualifiedErrorId, $refused[0].Exception.Message)
Write-Host '--- The remedy it names: extract the day again from what the database still holds (Export-RostrvmMis -Force)'
$again = @(Export-RostrvmMis -ConfigurationPath $ConfigurationPath -Date $first.AddDays(2) -Table mis_call -Force)
Write-Host ("    {0}: {1:N0} rows, SHA-256 {2}" -f (Split-Path $again[0].Path -Leaf), $again[0].Rows, $again[0].Sha256)
