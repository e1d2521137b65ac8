<#
.SYNOPSIS
    Starts a private MariaDB server for the demo and the tests, or returns the one already running.
.DESCRIPTION
    The sandbox is a mariadbd of its own: its datadir under out/sandbox/<Name>, 127.0.0.1 on a free
    port, binary logging on (rtmbinlog, server-id 1), started and stopped by its PID. It never
    touches a system service or a server it did not start. The account 'rostrvm_admin' gets a random
    password kept only in an owner-only option file (client.cnf), never on a command line.
.OUTPUTS
    An object with Name, Server, Port, Credential, OptionFile, DataDirectory, BinlogDirectory, Pid.
#>
[CmdletBinding()]
param(
    [string] $Name = 'default',
    [ValidateSet('Row', 'Mixed', 'Statement')] [string] $BinlogFormat = 'Row',
    [ValidateSet('CRC32', 'NONE')] [string] $BinlogChecksum = 'CRC32',
    # Where sandboxes live; default out/sandbox beside this repository's build output.
    [string] $Root = (Join-Path (Split-Path $PSScriptRoot -Parent) (Join-Path 'out' 'sandbox')),
    [int] $Port = 0,
    # Extra mariadbd options, e.g. '--gtid-strict-mode=ON'.
    [string[]] $ServerOption = @(),
    # Start without TLS (by default the sandbox offers TLS with a private CA, as MySQL 8 does).
    [switch] $NoTls
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'Sandbox.psm1') -Force
Start-RostrvmSandbox -Name $Name -BinlogFormat $BinlogFormat -BinlogChecksum $BinlogChecksum -Root $Root -Port $Port -ServerOption $ServerOption -NoTls:$NoTls
