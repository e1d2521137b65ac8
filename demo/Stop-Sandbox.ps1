<#
.SYNOPSIS
    Stops a sandbox server started by Start-Sandbox.ps1, by its PID; -Remove deletes its files.
#>
[CmdletBinding()]
param(
    [string] $Name = 'default',
    [string] $Root = (Join-Path (Split-Path $PSScriptRoot -Parent) (Join-Path 'out' 'sandbox')),
    [switch] $Remove
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'Sandbox.psm1') -Force
Stop-RostrvmSandbox -Name $Name -Root $Root -Remove:$Remove
