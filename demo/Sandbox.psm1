# The private MariaDB sandbox shared by the demo, the tests and the benchmarks.
Set-StrictMode -Version 3.0

function Find-ServerTool([string] $Name) {
    $cmd = Get-Command $Name -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($cmd) { return $cmd.Source }
    foreach ($dir in '/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin') {
        $candidate = Join-Path $dir $Name
        if (Test-Path $candidate) { return $candidate }
    }
    throw ("'$Name' was not found. Install the MariaDB server and client (Debian: apt-get install mariadb-server mariadb-client), " +
        "or run build.ps1 as root, which installs them.")
}

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { return ([System.Net.IPEndPoint]$listener.LocalEndpoint).Port } finally { $listener.Stop() }
}

function New-SandboxPassword {
    $bytes = [byte[]]::new(18)
    [System.Security.Cryptography.RandomNumberGenerator]::Create().GetBytes($bytes)
    [Convert]::ToBase64String($bytes).Replace('+', 'x').Replace('/', 'y').Replace('=', '')
}

function Write-OwnerOnlyFile([string] $Path, [string] $Text) {
    if (Test-Path $Path) { Remove-Item $Path -Force }
    # Create empty, restrict, then write: the secret is never in a file others can read.
    [System.IO.File]::WriteAllText($Path, '')
    if (-not $IsWindows) { & chmod 600 $Path }
    [System.IO.File]::WriteAllText($Path, $Text)
}

function Read-OptionFile([string] $Path) {
    $values = @{}
    foreach ($line in [System.IO.File]::ReadAllLines($Path)) {
        if ($line -match '^\s*([a-z_-]+)\s*=\s*(.*?)\s*$') { $values[$Matches[1]] = $Matches[2] }
    }
    $values
}

function New-SandboxCertificate {
    <# A private CA and server certificate, so the sandbox offers TLS like a MySQL 8 server does. #>
    param([Parameter(Mandatory)] [string] $Directory)
    $ca = Join-Path $Directory 'ca.pem'; $cert = Join-Path $Directory 'server-cert.pem'; $key = Join-Path $Directory 'server-key.pem'
    if (-not (Test-Path $cert)) {
        $openssl = Find-ServerTool 'openssl'
        New-Item -ItemType Directory -Force -Path $Directory | Out-Null
        $caKey = Join-Path $Directory 'ca-key.pem'; $csr = Join-Path $Directory 'server.csr'
        $steps = @(
            @('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-subj', '/CN=Rostrvm sandbox CA',
                '-keyout', $caKey, '-out', $ca),
            @('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', $key, '-out', $csr),
            @('x509', '-req', '-in', $csr, '-CA', $ca, '-CAkey', $caKey, '-CAcreateserial', '-days', '3650', '-out', $cert)
        )
        foreach ($step in $steps) {
            $out = & $openssl @step 2>&1
            if ($LASTEXITCODE -ne 0) { throw "openssl failed making the sandbox certificate: $out" }
        }
        if (-not $IsWindows) { & chmod 600 $key $caKey }
    }
    @("--ssl-ca=$ca", "--ssl-cert=$cert", "--ssl-key=$key")
}

function Test-ProcessAlive([int] $ProcessId) {
    if ($ProcessId -le 0) { return $false }
    $p = Get-Process -Id $ProcessId -ErrorAction SilentlyContinue
    return [bool]($p -and -not $p.HasExited -and $p.ProcessName -match 'mariadbd|mysqld')
}

function Invoke-SandboxClient {
    <# Runs the mariadb client against a sandbox with its option file: no password on the command line. #>
    param([Parameter(Mandatory)] $Sandbox, [string] $Database, [Parameter(Mandatory)] [string] $Query, [switch] $Batch)
    $client = Find-ServerTool 'mariadb'
    $args = @("--defaults-extra-file=$($Sandbox.OptionFile)", '--protocol=TCP')
    if ($Batch) { $args += '-B' }
    if ($Database) { $args += "--database=$Database" }
    $output = $Query | & $client @args 2>&1
    if ($LASTEXITCODE -ne 0) { throw "mariadb client failed on sandbox '$($Sandbox.Name)': $output" }
    $output
}

function Get-SandboxObject([string] $Directory) {
    $state = Get-Content (Join-Path $Directory 'sandbox.json') -Raw | ConvertFrom-Json
    $options = Read-OptionFile $state.OptionFile
    $secure = ConvertTo-SecureString $options['password'] -AsPlainText -Force
    [pscustomobject]@{
        PSTypeName      = 'Rostrvm.Sandbox'
        Name            = $state.Name
        Server          = '127.0.0.1'
        Port            = [int]$state.Port
        Credential      = [pscredential]::new($options['user'], $secure)
        OptionFile      = $state.OptionFile
        DataDirectory   = $state.DataDirectory
        BinlogDirectory = $state.DataDirectory
        BinlogBasename  = Join-Path $state.DataDirectory 'rtmbinlog'
        BinlogFormat    = $state.BinlogFormat
        BinlogChecksum  = $state.BinlogChecksum
        SocketPath      = $state.SocketPath
        FilePrivDirectory = $state.FilePrivDirectory
        Tls             = [bool]($state.PSObject.Properties['Tls'] -and $state.Tls)
        Directory       = $Directory
        Pid             = [int]$state.Pid
    }
}

function Start-RostrvmSandbox {
    [CmdletBinding()]
    param(
        [string] $Name = 'default',
        [string] $BinlogFormat = 'Row',
        [string] $BinlogChecksum = 'CRC32',
        [Parameter(Mandatory)] [string] $Root,
        [int] $Port = 0,
        [string[]] $ServerOption = @(),
        [switch] $NoTls
    )
    $directory = [System.IO.Path]::GetFullPath((Join-Path $Root $Name))
    $stateFile = Join-Path $directory 'sandbox.json'
    if (Test-Path $stateFile) {
        $existing = Get-SandboxObject $directory
        if (Test-ProcessAlive $existing.Pid) {
            if ($existing.BinlogFormat -ne $BinlogFormat -or $existing.BinlogChecksum -ne $BinlogChecksum) {
                throw ("Sandbox '$Name' is running with binlog format $($existing.BinlogFormat)/$($existing.BinlogChecksum), " +
                    "not $BinlogFormat/$BinlogChecksum. Stop it first (demo/Stop-Sandbox.ps1 -Name $Name).")
            }
            return $existing
        }
    }

    $mariadbd = Find-ServerTool 'mariadbd'
    $installDb = Find-ServerTool 'mariadb-install-db'
    $admin = Find-ServerTool 'mariadb-admin'
    $client = Find-ServerTool 'mariadb'

    $data = Join-Path $directory 'data'
    $run = Join-Path $directory 'run'
    $filePriv = Join-Path $directory 'files'
    # Its own temporary folder (for mariadb-install-db too): another process cleaning /tmp must not break a sandbox.
    $tmp = Join-Path $directory 'tmp'
    New-Item -ItemType Directory -Force -Path $directory, $run, $filePriv, $tmp | Out-Null
    # Unix sockets have a short path limit: keep the socket in /tmp when the folder is deep.
    $socket = Join-Path $run 'mariadb.sock'
    if ($socket.Length -gt 90) {
        $socket = Join-Path ([System.IO.Path]::GetTempPath()) ("rostrvm-$Name-" + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.sock')
    }
    $errorLog = Join-Path $directory 'error.log'
    $pidFile = Join-Path $run 'mariadbd.pid'
    $fresh = -not (Test-Path (Join-Path $data 'mysql'))
    if ($fresh) {
        if (Test-Path $data) { Remove-Item $data -Recurse -Force }
        $installArguments = @('--no-defaults', "--datadir=$data", "--tmpdir=$tmp", '--user=root',
            '--auth-root-authentication-method=normal', '--skip-test-db')
        $out = & $installDb @installArguments 2>&1
        if ($LASTEXITCODE -ne 0) { throw "mariadb-install-db failed for sandbox '$Name': $out" }
    }
    if ($Port -le 0) { $Port = Get-FreeTcpPort }
    $tlsOptions = @()
    if (-not $NoTls) { $tlsOptions = New-SandboxCertificate -Directory (Join-Path $directory 'tls') }

    $arguments = @(
        '--no-defaults', "--datadir=$data", "--socket=$socket", "--pid-file=$pidFile", "--port=$Port",
        '--bind-address=127.0.0.1', "--log-bin=$(Join-Path $data 'rtmbinlog')", '--server-id=1', '--user=root',
        "--log-error=$errorLog", "--binlog-format=$($BinlogFormat.ToUpperInvariant())", "--binlog-checksum=$BinlogChecksum",
        '--character-set-server=utf8mb4', '--collation-server=utf8mb4_general_ci', '--max-allowed-packet=64M',
        '--innodb-buffer-pool-size=256M', '--innodb-flush-log-at-trx-commit=2', '--sync-binlog=0',
        '--event-scheduler=OFF', "--secure-file-priv=$filePriv", '--local-infile=1', '--skip-name-resolve', "--tmpdir=$tmp"
    ) + $tlsOptions + $ServerOption
    $process = Start-Process -FilePath $mariadbd -ArgumentList $arguments -PassThru `
        -RedirectStandardOutput (Join-Path $directory 'stdout.log') -RedirectStandardError (Join-Path $directory 'stderr.log')

    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ($true) {
        if ($process.HasExited) { throw "The sandbox server '$Name' exited at start (code $($process.ExitCode)). See $errorLog." }
        & $admin --no-defaults "--socket=$socket" -uroot --connect-timeout=2 ping *> $null
        if ($LASTEXITCODE -eq 0) { break }
        if ([DateTime]::UtcNow -gt $deadline) { throw "The sandbox server '$Name' did not answer within 60 s. See $errorLog." }
        Start-Sleep -Milliseconds 200
    }

    $optionFile = Join-Path $directory 'client.cnf'
    if ($fresh -or -not (Test-Path $optionFile)) {
        $password = New-SandboxPassword
        # The password goes to the server on standard input, never on a command line.
        $sql = @"
CREATE USER IF NOT EXISTS 'rostrvm_admin'@'localhost' IDENTIFIED BY '$password';
CREATE USER IF NOT EXISTS 'rostrvm_admin'@'127.0.0.1' IDENTIFIED BY '$password';
ALTER USER 'rostrvm_admin'@'localhost' IDENTIFIED BY '$password';
ALTER USER 'rostrvm_admin'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON *.* TO 'rostrvm_admin'@'localhost' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'rostrvm_admin'@'127.0.0.1' WITH GRANT OPTION;
FLUSH PRIVILEGES;
"@
        $out = $sql | & $client --no-defaults "--socket=$socket" -uroot 2>&1
        if ($LASTEXITCODE -ne 0) { throw "Could not create the sandbox account: $out" }
        Write-OwnerOnlyFile $optionFile "[client]`nuser=rostrvm_admin`npassword=$password`nhost=127.0.0.1`nport=$Port`n"
    }
    else {
        # Same account, maybe a new port.
        $options = Read-OptionFile $optionFile
        Write-OwnerOnlyFile $optionFile "[client]`nuser=$($options['user'])`npassword=$($options['password'])`nhost=127.0.0.1`nport=$Port`n"
    }

    [ordered]@{
        Name = $Name; Port = $Port; Pid = $process.Id; OptionFile = $optionFile; DataDirectory = $data
        BinlogFormat = $BinlogFormat; BinlogChecksum = $BinlogChecksum; SocketPath = $socket; FilePrivDirectory = $filePriv
        Tls = -not $NoTls
    } | ConvertTo-Json | Set-Content -Path $stateFile -Encoding utf8
    Get-SandboxObject $directory
}

function Stop-RostrvmSandbox {
    [CmdletBinding()]
    param([string] $Name = 'default', [Parameter(Mandatory)] [string] $Root, [switch] $Remove)
    $directory = [System.IO.Path]::GetFullPath((Join-Path $Root $Name))
    $stateFile = Join-Path $directory 'sandbox.json'
    if (Test-Path $stateFile) {
        $state = Get-Content $stateFile -Raw | ConvertFrom-Json
        if (Test-ProcessAlive $state.Pid) {
            # By PID only: never by name, never a server we did not start.
            Stop-Process -Id $state.Pid -ErrorAction SilentlyContinue
            $p = Get-Process -Id $state.Pid -ErrorAction SilentlyContinue
            if ($p -and -not $p.WaitForExit(60000)) { Stop-Process -Id $state.Pid -Force -ErrorAction SilentlyContinue }
        }
        if ($state.SocketPath -and (Test-Path $state.SocketPath)) { Remove-Item $state.SocketPath -Force -ErrorAction SilentlyContinue }
    }
    if ($Remove -and (Test-Path $directory)) { Remove-Item $directory -Recurse -Force }
}

Export-ModuleMember -Function Start-RostrvmSandbox, Stop-RostrvmSandbox, Invoke-SandboxClient, Get-SandboxObject, Find-ServerTool
