param($Sandbox, $ConfigurationPath)
$root = Split-Path $ConfigurationPath -Parent
Write-Host ''
Write-Host '--- The daily recording archiver: what it would do (-WhatIf), then do it'
Move-RostrvmRecording -ConfigurationPath $ConfigurationPath -MaxArchiveSize 256KB -WhatIf
$archives = @(Move-RostrvmRecording -ConfigurationPath $ConfigurationPath -MaxArchiveSize 256KB)
Write-Host ("    {0} archives written, {1} recordings, {2:N1} MB of bodies in {3:N1} MB of files; the bodies left the database." -f `
    $archives.Count, ($archives | Measure-Object Count -Sum).Sum, (($archives | Measure-Object Bytes -Sum).Sum / 1MB), (($archives | Measure-Object Size -Sum).Sum / 1MB))
Write-Host '--- The archives, each read back and checked: Get-RostrvmRecordingArchive -Verify'
Get-RostrvmRecordingArchive -ConfigurationPath $ConfigurationPath -Kind Voice -Verify | Select-Object -First 5 | Out-Host
Write-Host '--- A recording back out, wherever it is: Export-RostrvmRecording'
$first = $archives | Where-Object Kind -eq 'Voice' | Select-Object -First 1
$file = Export-RostrvmRecording -ConfigurationPath $ConfigurationPath -Id $first.Ids[0] -Path $root
Write-Host ("    voice recording {0} from '{1}' to {2} ({3:N0} bytes, SHA-256 {4}...)" -f $file.Id, (Split-Path $file.Source -Leaf), $file.Path, $file.Bytes, $file.Sha256.Substring(0, 16))
Write-Host '--- Where the space goes, and how long it lasts: Get-RostrvmStorageReport'
Get-RostrvmStorageReport -ConfigurationPath $ConfigurationPath | Out-Host
