param($Sandbox, $ConfigurationPath)
Write-Host ''
Write-Host '--- First thing on a new server: Test-RostrvmConnection'
Test-RostrvmConnection -ConfigurationPath $ConfigurationPath | Out-Host
Write-Host '--- The settings in force, defaults filled in: Get-RostrvmConfiguration'
Get-RostrvmConfiguration -ConfigurationPath $ConfigurationPath | Out-Host
Write-Host '--- A wrong password is an error record with a stable id, and no password in it:'
$wrong = [pscredential]::new('rostrvm_admin', (ConvertTo-SecureString 'guess' -AsPlainText -Force))
Test-RostrvmConnection -ConfigurationPath $ConfigurationPath -Credential $wrong -ErrorAction SilentlyContinue -ErrorVariable failure | Out-Null
Write-Host ("    {0}: {1}" -f $failure[0].FullyQualifiedErrorId, $failure[0].Exception.Message)
