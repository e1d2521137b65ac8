# What the shipped maintenance scripts share: loading the module beside them, reading the
# settings, and turning the run into the exit code the scheduler shows.
Set-StrictMode -Version 3.0

function Get-RostrvmMaintenanceSettings([string] $ConfigurationPath) {
    if (-not (Get-Command Invoke-RostrvmMaintenance -ErrorAction SilentlyContinue)) {
        $manifest = Join-Path (Split-Path $PSScriptRoot -Parent) 'Rostrvm.psd1'
        try {
            if (Test-Path -LiteralPath $manifest) { Import-Module $manifest -ErrorAction Stop } else {
                Import-Module Rostrvm -ErrorAction Stop
            }
        }
        catch {
            Write-Error "The Rostrvm module could not be loaded ($($_.Exception.Message)); no maintenance ran." -ErrorAction Continue
            exit 2
        }
    }
    $arguments = @{}
    if ($ConfigurationPath) { $arguments.ConfigurationPath = $ConfigurationPath }
    try { Get-RostrvmConfiguration @arguments -ErrorAction Stop }
    catch {
        Write-Error "The maintenance settings could not be read: $($_.Exception.Message) No maintenance ran." -ErrorAction Continue
        exit 2
    }
}

function Select-RostrvmMaintenanceJob([string[]] $Requested, [string[]] $Known) {
    # -Job A,B from a scheduler's command line arrives as one string 'A,B'.
    $names = @($Requested | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
    $unknown = @($names | Where-Object { $_ -notin $Known })
    if ($unknown) {
        Write-Error ("Unknown job(s): {0}. The jobs are: {1}. No maintenance ran." -f ($unknown -join ', '),
            ($Known -join ', ')) -ErrorAction Continue
        exit 2
    }
    , $names
}

function Invoke-RostrvmMaintenanceScript(
    [string] $Name, [object[]] $Job, [datetime] $Now, $Settings, [switch] $WhatIf, [scriptblock] $AfterRun) {
    if (-not $Job) {
        Write-Error "No job was selected for the $Name maintenance; nothing ran." -ErrorAction Continue
        exit 2
    }
    $run = Invoke-RostrvmMaintenance -Name $Name -Job $Job -Now $Now -ConfigurationPath $Settings.SettingsPath -WhatIf:$WhatIf
    $run
    # After the history is complete (so it shows tonight), never in a dry run; it does not change the exit code.
    if ($AfterRun -and -not $WhatIf) {
        try { & $AfterRun $run }
        catch { Write-Warning "After the $Name maintenance: $($_.Exception.Message)" }
    }
    exit $run.ExitCode
}
