# A private SSH server for the mirror tests: /usr/sbin/sshd on a free loopback port with its own
# host key, a client key made for the test in its authorized_keys, SFTP served from a folder.
# It is stopped by its process id (and its session processes by their parent id), never by name.
Set-StrictMode -Version 3.0

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function New-TestSshd {
    <# Keys, config and served folder; returns an object for Start-TestSshd. #>
    $dir = Join-Path ([System.IO.Path]::GetTempPath()) ('rostrvm-sshd-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory -Path $dir, (Join-Path $dir 'served') | Out-Null
    & chmod 700 $dir
    # Test keys without a passphrase: nothing secret is typed anywhere.
    & ssh-keygen -q -t ed25519 -N '' -f (Join-Path $dir 'host_ed25519') | Out-Null
    & ssh-keygen -q -t ed25519 -N '' -f (Join-Path $dir 'client_ed25519') | Out-Null
    Copy-Item (Join-Path $dir 'client_ed25519.pub') (Join-Path $dir 'authorized_keys')
    $port = Get-FreeTcpPort
    $user = [Environment]::UserName
    @"
Port $port
ListenAddress 127.0.0.1
HostKey $dir/host_ed25519
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
Subsystem sftp internal-sftp
"@ | Set-Content -Path (Join-Path $dir 'sshd_config') -Encoding ascii
    # sshd wants its privilege separation folder.
    if (-not (Test-Path '/run/sshd')) { New-Item -ItemType Directory -Path '/run/sshd' | Out-Null }
    [pscustomobject]@{
        Dir = $dir; Port = $port; User = $user; Served = Join-Path $dir 'served'
        ClientKey = Join-Path $dir 'client_ed25519'
        Uri = "sftp://$user@127.0.0.1:$port$(Join-Path $dir 'served')"
        Process = $null
    }
}

function Start-TestSshd {
    param([Parameter(Mandatory)] $Sshd)
    $Sshd.Process = Start-Process -FilePath /usr/sbin/sshd -ArgumentList '-D', '-e', '-f', (Join-Path $Sshd.Dir 'sshd_config') `
        -RedirectStandardError (Join-Path $Sshd.Dir 'sshd.log') -PassThru
    $deadline = [DateTime]::UtcNow.AddSeconds(15)
    while ($true) {
        $client = [System.Net.Sockets.TcpClient]::new()
        try { $client.Connect('127.0.0.1', $Sshd.Port); break } catch { } finally { $client.Dispose() }
        if ($Sshd.Process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
            throw "sshd did not start: $(Get-Content (Join-Path $Sshd.Dir 'sshd.log') -Raw)" }
        Start-Sleep -Milliseconds 50
    }
}

function Stop-TestSshd {
    <# Kills the listener and its session processes at once (kill -9): the mirror dies mid-copy. #>
    param([Parameter(Mandatory)] $Sshd)
    if (-not $Sshd.Process -or $Sshd.Process.HasExited) { return }
    $children = @(& pgrep -P $Sshd.Process.Id)
    $grandchildren = @($children | Where-Object { $_ } | ForEach-Object { & pgrep -P $_ })
    foreach ($id in @($grandchildren + $children + $Sshd.Process.Id) | Where-Object { $_ }) { & kill -9 $id 2>$null }
    $Sshd.Process.WaitForExit(5000) | Out-Null
}

Export-ModuleMember -Function New-TestSshd, Start-TestSshd, Stop-TestSshd
