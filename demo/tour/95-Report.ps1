param($Sandbox, $ConfigurationPath)
$root = Split-Path $ConfigurationPath -Parent
Write-Host ''
Write-Host '--- Can we restore right now? Test-RostrvmRecoverability: the newest complete backup, its test, the binlog chain to now'
Test-RostrvmRecoverability -ConfigurationPath $ConfigurationPath | Format-List Verdict, Reason,
    @{ Name = 'RecoverableFrom'; Expression = { $_.RecoverableFrom.ToString('yyyy-MM-dd HH:mm:ss') } },
    @{ Name = 'RecoverableTo'; Expression = {
        if ($_.RecoverableToNow) { 'now' } else { $_.RecoverableTo.ToString('yyyy-MM-dd HH:mm:ss') } } },
    Rpo, EstimatedRestoreTime, ProblemIds | Out-Host
Write-Host '--- The morning report: recoverability, storage and 30 nights of history in one HTML page (Export-RostrvmReport)'
$objects = @(
    Test-RostrvmRecoverability -ConfigurationPath $ConfigurationPath
    Get-RostrvmStorageReport -ConfigurationPath $ConfigurationPath -WarningAction SilentlyContinue
    Get-RostrvmMaintenanceHistory -ConfigurationPath $ConfigurationPath -Days 30
)
$report = $objects | Export-RostrvmReport -Path (Join-Path $root 'morning.html') -Confirm:$false
Write-Host "    The nightly script leaves the same page in the log folder: RostrvmMorningReport.html"
Write-Host "    Morning report of the demo server: $($report.FullName)"
