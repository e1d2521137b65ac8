# Test-RostrvmConnection against the real sandbox server, and every way a connection goes wrong.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    $settings = New-TestRoot -Sandbox $sandbox
    $fqid = { param($id) "$id,Rostrvm.PowerShell.Commands.TestRostrvmConnectionCommand" }
    # A settings file that sets nothing: every value comes from the parameters or the defaults.
    function New-EmptySettings { $path = Join-Path $TestDrive 'empty.json'; Set-Content -Path $path -Value '{}'; $path }
    $password = $sandbox.Credential.GetNetworkCredential().Password
}

Describe 'Test-RostrvmConnection' {
    It 'reports the flavour, version, binary logging and time zone of the sandbox' {
        $r = Test-RostrvmConnection -ConfigurationPath $settings
        $r.Connected | Should -BeTrue
        $r.Flavor | Should -Be 'MariaDB'
        $r.Version | Should -Match '^10\.11\.'
        $r.BinaryLogging | Should -BeTrue
        $r.BinlogFormat | Should -Be 'ROW'
        $r.BinlogChecksum | Should -Be 'CRC32'
        $r.BinlogBasename | Should -Be $sandbox.BinlogBasename
        $r.DatabaseExists | Should -BeTrue
        $r.TimeZone | Should -Not -BeNullOrEmpty
        $r.MissingForBackup | Should -BeNullOrEmpty
        $r.MissingForRestore | Should -BeNullOrEmpty
    }

    It 'connects with an explicit PSCredential instead of the option file' {
        $r = Test-RostrvmConnection -Server 127.0.0.1 -Port $sandbox.Port -Credential $sandbox.Credential -Database rostrvm_920 `
            -ConfigurationPath (New-EmptySettings)
        $r.User | Should -BeLike 'rostrvm_admin@*'
    }

    It 'says which database does not exist' {
        $r = Test-RostrvmConnection -ConfigurationPath $settings -Database 'rostrvm_nothere'
        $r.DatabaseExists | Should -BeFalse
    }

    It 'names the privileges a limited account lacks' {
        Invoke-SandboxClient -Sandbox $sandbox -Query @"
DROP USER IF EXISTS 'rt_limited'@'127.0.0.1'; DROP USER IF EXISTS 'rt_limited'@'localhost';
CREATE USER 'rt_limited'@'127.0.0.1' IDENTIFIED BY 'Limited-Pass-1'; CREATE USER 'rt_limited'@'localhost' IDENTIFIED BY 'Limited-Pass-1';
GRANT SELECT ON rostrvm_920.* TO 'rt_limited'@'127.0.0.1'; GRANT SELECT ON rostrvm_920.* TO 'rt_limited'@'localhost';
"@ | Out-Null
        $cred = [pscredential]::new('rt_limited', (ConvertTo-SecureString 'Limited-Pass-1' -AsPlainText -Force))
        $r = Test-RostrvmConnection -Server 127.0.0.1 -Port $sandbox.Port -Credential $cred -Database rostrvm_920 -ConfigurationPath (
            New-EmptySettings)
        $r.MissingForBackup | Should -Contain 'SHOW VIEW'
        $r.MissingForBackup | Should -Not -Contain 'SELECT'
        $r.MissingForBinlog | Should -Contain 'BINLOG MONITOR or SUPER'
        $r.MissingForRestore | Should -Contain 'BINLOG REPLAY or SUPER'
    }

    It 'reports a server that is not running as ServerUnreachable, naming server and port' {
        $port = 1
        { Test-RostrvmConnection -ConfigurationPath $settings -Port $port -ErrorAction Stop } | Should -Throw -ErrorId (
            & $fqid 'ServerUnreachable')
        try { Test-RostrvmConnection -ConfigurationPath $settings -Port $port -ErrorAction Stop } catch { $e = $_ }
        $e.CategoryInfo.Category | Should -Be 'ConnectionError'
        $e.Exception.Message | Should -BeLike '*127.0.0.1:1*'
        $e.Exception.Message | Should -BeLike '*running*'
    }

    It 'reports a wrong password as AccessDenied without showing any password' {
        $wrong = [pscredential]::new('rostrvm_admin', (ConvertTo-SecureString 'not-the-password' -AsPlainText -Force))
        try { Test-RostrvmConnection -ConfigurationPath $settings -Credential $wrong -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be (& $fqid 'AccessDenied')
        $e.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $e.Exception.Message | Should -BeLike "*'rostrvm_admin'*"
        ($e | Out-String) | Should -Not -BeLike '*not-the-password*'
        ($e | Out-String) | Should -Not -BeLike "*$password*"
    }

    It 'never writes the password in verbose output' {
        $verbose = Test-RostrvmConnection -ConfigurationPath $settings -Verbose 4>&1 | Out-String
        $verbose | Should -BeLike '*rostrvm_admin@127.0.0.1*'
        $verbose | Should -Not -BeLike "*$password*"
    }

    It 'refuses an option file that other users can read' -Skip:$IsWindows {
        $open = Join-Path $TestDrive 'open.cnf'
        Copy-Item $sandbox.OptionFile $open
        & chmod 644 $open
        $openSettings = New-TestRoot -Sandbox $sandbox -Settings @{ OptionFile = $open }
        try { Test-RostrvmConnection -ConfigurationPath $openSettings -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be (& $fqid 'OptionFileInsecure')
        $e.CategoryInfo.Category | Should -Be 'SecurityError'
        $e.Exception.Message | Should -BeLike "*chmod 600*"
        (& stat -c '%a' $open) | Should -Be '644' -Because 'the cmdlet changes nothing'
    }

    It 'reports a missing option file as OptionFileNotFound' {
        $missing = New-TestRoot -Sandbox $sandbox -Settings @{ OptionFile = (Join-Path $TestDrive 'nothere.cnf') }
        { Test-RostrvmConnection -ConfigurationPath $missing -ErrorAction Stop } | Should -Throw -ErrorId (& $fqid 'OptionFileNotFound')
    }

    It 'takes servers from the pipeline by property name' {
        $rows = @([pscustomobject]@{ Server = '127.0.0.1'; Port = $sandbox.Port }, [pscustomobject]@{ Server = '127.0.0.1';
            Port = $sandbox.Port; Database = 'mysql' })
        $reports = $rows | Test-RostrvmConnection -ConfigurationPath $settings
        $reports.Count | Should -Be 2
        $reports[1].Database | Should -Be 'mysql'
        $reports[0].Database | Should -Be 'rostrvm_920'
    }

    It 'does not put the password on any process command line' -Skip:$IsWindows {
        # The sandbox and every client the tests start use option files; check the live processes.
        $lines = Get-ChildItem /proc -Directory | Where-Object Name -match '^\d+$' | ForEach-Object {
            try { [System.IO.File]::ReadAllText("/proc/$($_.Name)/cmdline").Replace([char]0, ' ') } catch { }
        }
        ($lines | Where-Object { $_ -like "*$password*" }) | Should -BeNullOrEmpty
    }
}

Describe 'Test-RostrvmConnection and TLS' {
    BeforeAll {
        $plain = & (Join-Path (Get-TestRepoRoot) 'demo/Start-Sandbox.ps1') -Name notls -NoTls
    }
    AfterAll { & (Join-Path (Get-TestRepoRoot) 'demo/Stop-Sandbox.ps1') -Name notls -Remove }

    It 'encrypts the connection when the server offers TLS' {
        $sandbox.Tls | Should -BeTrue
        (Test-RostrvmConnection -ConfigurationPath $settings).Encrypted | Should -BeTrue
        (Test-RostrvmConnection -ConfigurationPath $settings -SslMode Required).Encrypted | Should -BeTrue
    }

    It 'falls back to a plain connection only when -SslMode allows it' {
        $empty = New-EmptySettings
        (Test-RostrvmConnection -Server 127.0.0.1 -Port $plain.Port -Credential $plain.Credential -ConfigurationPath $empty).Encrypted |
            Should -BeFalse
        try { Test-RostrvmConnection -Server 127.0.0.1 -Port $plain.Port -Credential $plain.Credential -SslMode Required `
            -ConfigurationPath $empty -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be (& $fqid 'TlsUnavailable')
        $e.CategoryInfo.Category | Should -Be 'SecurityError'
        $e.Exception.Message | Should -BeLike '*-SslMode Required*'
    }
}
