# A private sandbox of its own for the recoverability and report tests: they purge binary logs,
# which the shared sandbox's other tests must never see.
Set-StrictMode -Version 3.0

function Get-RecoverabilitySandboxRoot { Join-Path (Get-TestRepoRoot) (Join-Path 'out' 'sandbox') }

function New-RecoverabilityServer {
    <# A private sandbox with a small database `rv`, a test root pointing at it, one complete backup and its binlogs copied. #>
    param([Parameter(Mandatory)] [string] $Name, [hashtable] $Settings = @{})
    $sandbox = Start-RostrvmSandbox -Name $Name -Root (Get-RecoverabilitySandboxRoot)
    Invoke-SandboxClient -Sandbox $sandbox -Query @'
DROP DATABASE IF EXISTS rv; CREATE DATABASE rv;
CREATE TABLE rv.t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(40) NOT NULL);
INSERT INTO rv.t (v) VALUES ('one'), ('two'), ('three');
'@ | Out-Null
    $config = New-TestRoot -Sandbox $sandbox -Database rv -Settings $Settings
    $backup = Backup-RostrvmDatabase -ConfigurationPath $config -Confirm:$false
    Invoke-SandboxClient -Sandbox $sandbox -Query "INSERT INTO rv.t (v) VALUES ('after the backup')" | Out-Null
    Backup-RostrvmBinlog -ConfigurationPath $config -Confirm:$false | Out-Null
    [pscustomobject]@{ Name = $Name; Sandbox = $sandbox; Config = $config; Root = (Split-Path $config); Backup = $backup }
}

function Remove-RecoverabilityServer {
    param($Server)
    if (-not $Server) { return }
    Stop-RostrvmSandbox -Name $Server.Name -Root (Get-RecoverabilitySandboxRoot) -Remove
    if (Test-Path $Server.Root) { Remove-Item $Server.Root -Recurse -Force }
}

function Get-ActiveBinlog {
    param([Parameter(Mandatory)] $Sandbox)
    $status = @(Invoke-SandboxClient -Sandbox $Sandbox -Batch -Query 'SHOW MASTER STATUS')
    ($status[1] -split "`t")[0]
}

Export-ModuleMember -Function New-RecoverabilityServer, Remove-RecoverabilityServer, Get-ActiveBinlog
