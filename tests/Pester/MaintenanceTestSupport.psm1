# Helpers of the scheduled-maintenance tests: a child PowerShell (real exit codes, real
# process boundaries for the lock) and dated log files.
Set-StrictMode -Version 3.0

function Get-TestPwshCommand {
    <# This PowerShell as a program and its leading arguments (dotnet + pwsh.dll for the local tool). #>
    $exe = (Get-Process -Id $PID).Path
    $lead = @()
    if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $lead = @([Environment]::GetCommandLineArgs()[0]) }
    [pscustomobject]@{ Executable = $exe; Lead = $lead }
}

function Invoke-TestPwsh {
    <# Runs a script file in a child pwsh; returns its exit code and output lines. #>
    param([Parameter(Mandatory)] [string] $File, [string[]] $ArgumentList = @())
    $pwsh = Get-TestPwshCommand
    $env:NO_COLOR = '1'
    $output = & $pwsh.Executable @($pwsh.Lead) -NoProfile -NonInteractive -File $File @ArgumentList 2>&1 | ForEach-Object { "$_" }
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = @($output); Text = ($output -join "`n") }
}

function Start-TestPwsh {
    <# Starts a child pwsh running a command in the background; returns the process. #>
    param([Parameter(Mandatory)] [string] $Command, [Parameter(Mandatory)] [string] $LogPath)
    $pwsh = Get-TestPwshCommand
    $arguments = @($pwsh.Lead) + @('-NoProfile', '-NonInteractive', '-Command', $Command)
    Start-Process -FilePath $pwsh.Executable -ArgumentList $arguments -PassThru -RedirectStandardOutput $LogPath -RedirectStandardError "$LogPath.err"
}

function New-TestLogFile {
    <# A log file last written at a given time. #>
    param([Parameter(Mandatory)] [string] $Directory, [Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [datetime] $LastWrite)
    New-Item -ItemType Directory -Force -Path $Directory | Out-Null
    $path = Join-Path $Directory $Name
    Set-Content -Path $path -Value ("{0:o} CallDirector started`n" -f $LastWrite * 40) -Encoding utf8
    (Get-Item $path).LastWriteTime = $LastWrite
    $path
}

function Get-ModuleScript([string] $Name) {
    [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot "../../out/Rostrvm/scripts/$Name"))
}

function Get-TestTrimSql {
    <#
    SQL that keeps only the MIS and recordings of the last days of a demo database copy: a few days
    beyond the retentions give every nightly job real work (extract, purge, archive) while the
    tests stay quick on a small machine. Not written to the binlog.
    #>
    param([Parameter(Mandatory)] [datetime] $Keep)
    $k = $Keep.ToString('yyyy-MM-dd')
    @(
        'SET SESSION sql_log_bin=0', 'SET FOREIGN_KEY_CHECKS=0'
        "DELETE FROM voice_recordings WHERE recorded_at < '$k'", "DELETE FROM email_messages WHERE received_at < '$k'"
        "DELETE FROM sms_messages WHERE sent_at < '$k'", "DELETE FROM chat_transcripts WHERE started_at < '$k'"
        "DELETE FROM mis_call WHERE start_time < '$k'", "DELETE FROM mis_agent_state WHERE state_time < '$k'"
        "DELETE FROM mis_queue_interval WHERE interval_start < '$k'"
    ) -join ";`n"
}

Export-ModuleMember -Function Get-TestTrimSql, Get-TestPwshCommand, Invoke-TestPwsh, Start-TestPwsh, New-TestLogFile, Get-ModuleScript
