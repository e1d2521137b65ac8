# Many servers for real: two hosts made here as network namespaces, each with its own sandbox
# MariaDB, demo database, rostrvm root and an SSH server with PowerShell as its subsystem. From
# the default namespace, Invoke-Command -HostName runs the nightly script on both and brings
# their history back, deserialized, formatted by the module's views.
BeforeDiscovery {
    # Namespaces need root and iproute2; where they cannot be made the test says why and skips.
    $script:noNamespaces = $null
    if ($IsWindows -or $IsMacOS) { $script:noNamespaces = 'network namespaces exist only on Linux' }
    elseif (-not (Get-Command ip -ErrorAction SilentlyContinue)) { $script:noNamespaces = "the 'ip' tool (iproute2) is not installed" }
    else {
        $probe = "rtmprobe$PID"
        $out = & ip netns add $probe 2>&1
        if ($LASTEXITCODE -ne 0) { $script:noNamespaces = "network namespaces cannot be created here: $out" }
        else { & ip netns del $probe 2>&1 | Out-Null }
    }
    if ($script:noNamespaces) { Write-Host "SKIPPING the remoting test: $($script:noNamespaces)" }
}

Describe 'The nightly script on two servers over SSH remoting' -Skip:([bool]$script:noNamespaces) {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
        Import-Module (Join-Path $PSScriptRoot 'MaintenanceTestSupport.psm1') -Force
        $sandbox = Get-TestSandbox
        Import-RostrvmUnderTest
        $started = Get-Date
        $now = [datetime]::Today.AddHours(2)
        $work = Join-Path ([System.IO.Path]::GetTempPath()) ("rtm-remote-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory -Force -Path $work | Out-Null
        $tag = '{0:x4}' -f ($PID % 65536)
        # Point-to-point /30 links in a /24 of their own per run: a leftover of another run cannot answer for us.
        $net = "10.213.$($PID % 250)"
        $hosts = @(
            [pscustomobject]@{ Name = 'a'; Namespace = "rtm$tag-a"; Outer = "rta$tag"; Inner = "rtai$tag"; OuterIp = "$net.1";
                Ip = "$net.2" }
            [pscustomobject]@{ Name = 'b'; Namespace = "rtm$tag-b"; Outer = "rtb$tag"; Inner = "rtbi$tag"; OuterIp = "$net.5";
                Ip = "$net.6" }
        )
        function Invoke-Ip { & ip @args 2>&1 | Out-Null; if ($LASTEXITCODE -ne 0) { throw "ip $args failed" } }

        # sshd and its privilege-separation folder (CI: apt-get install openssh-server iproute2).
        if (-not (Test-Path /usr/sbin/sshd)) {
            & apt-get -o DPkg::Lock::Timeout=300 install -y -q openssh-server 2>&1 | Out-Null
            if (-not (Test-Path /usr/sbin/sshd)) {
                throw 'openssh-server is not installed and could not be installed (apt-get install openssh-server).' }
        }
        New-Item -ItemType Directory -Force -Path /run/sshd | Out-Null

        # One client key, one host key per host, the PowerShell subsystem wrapper.
        & ssh-keygen -q -t ed25519 -N '' -f (Join-Path $work 'client') | Out-Null
        $pwsh = Get-TestPwshCommand
        $subsystem = Join-Path $work 'pwsh-subsystem'
        Set-Content $subsystem ("#!/bin/sh`nexport NO_COLOR=1`nexec '{0}' {1} -sshs -NoLogo -NoProfile`n" -f $pwsh.Executable, ((
            $pwsh.Lead | ForEach-Object { "'$_'" }) -join ' '))
        & chmod 755 $subsystem

        # The demo database once, as a dump each host loads.
        $dump = Join-Path $work 'demo.sql'
        & (Find-ServerTool 'mariadb-dump') "--defaults-extra-file=$($sandbox.OptionFile)" --protocol=TCP --single-transaction --routines --triggers --events --hex-blob "--result-file=$dump" rostrvm_920
        if ($LASTEXITCODE -ne 0) { throw 'mariadb-dump of rostrvm_920 failed.' }

        $known = Join-Path $work 'known_hosts'
        foreach ($h in $hosts) {
            $h | Add-Member Root (Join-Path $work "host-$($h.Name)")
            $h | Add-Member State (Join-Path $work "host-$($h.Name).json")
            Invoke-Ip netns add $h.Namespace
            Invoke-Ip link add $h.Outer type veth peer name $h.Inner
            Invoke-Ip link set $h.Inner netns $h.Namespace
            Invoke-Ip addr add "$($h.OuterIp)/30" dev $h.Outer
            Invoke-Ip link set $h.Outer up
            Invoke-Ip netns exec $h.Namespace ip addr add "$($h.Ip)/30" dev $h.Inner
            Invoke-Ip netns exec $h.Namespace ip link set $h.Inner up
            Invoke-Ip netns exec $h.Namespace ip link set lo up

            # The host's sshd: its own host key, only our client key, PowerShell as a subsystem,
            # and the environment a rostrvm server has (its root, the module on the module path).
            $hostKey = Join-Path $work "hostkey-$($h.Name)"
            & ssh-keygen -q -t ed25519 -N '' -f $hostKey | Out-Null
            $pub = (Get-Content "$hostKey.pub").Split(' ')
            Add-Content $known "$($h.Ip) $($pub[0]) $($pub[1])"
            $h | Add-Member SshdPid (Join-Path $work "sshd-$($h.Name).pid")
            $config = Join-Path $work "sshd-$($h.Name).conf"
            Set-Content $config @(
                "ListenAddress $($h.Ip)"
                "Port 22"
                "HostKey $hostKey"
                "PidFile $($h.SshdPid)"
                "AuthorizedKeysFile $work/client.pub"
                "PermitRootLogin prohibit-password"
                "PasswordAuthentication no"
                "KbdInteractiveAuthentication no"
                "UsePAM no"
                "StrictModes no"
                "SetEnv ROSTRVM_ROOT=$($h.Root) PSModulePath=$(Split-Path (Split-Path (Get-TestModulePath) -Parent) -Parent)"
                "Subsystem powershell $subsystem"
            )
            Invoke-Ip netns exec $h.Namespace /usr/sbin/sshd -f $config -E (Join-Path $work "sshd-$($h.Name).log")

            # The host's own MariaDB and demo database, made inside the namespace (one host at a time:
            # two mariadb-install-db at once can collide on their temporary tables in /tmp).
            $setup = Start-Process -FilePath 'ip' -PassThru -RedirectStandardOutput (
                Join-Path $work "setup-$($h.Name).log") -RedirectStandardError (Join-Path $work "setup-$($h.Name).err") -ArgumentList (
                @('netns', 'exec', $h.Namespace, $pwsh.Executable) + $pwsh.Lead + @('-NoProfile', '-NonInteractive', '-File', (
                    Join-Path $PSScriptRoot 'MaintenanceRemoteHost.ps1'),
                    '-Name', "remote-$tag-$($h.Name)", '-SandboxRoot', (Join-Path $work 'sandboxes'), '-Dump', $dump, '-HostRoot', $h.Root,
                        '-Now', $now.ToString('s'), '-StatePath', $h.State))
            $setup.WaitForExit()
        }
        Write-Host ("Two hosts ready in {0:N0} s" -f ((Get-Date) - $started).TotalSeconds)
        foreach ($h in $hosts) {
            if (-not (Test-Path $h.State)) {
                throw "Host $($h.Name) was not set up: $(Get-Content (Join-Path $work "setup-$($h.Name).err") -Raw)" }
            $h | Add-Member Sandbox (Get-Content $h.State -Raw | ConvertFrom-Json)
        }

        $remote = @{
            HostName = $hosts.Ip; UserName = 'root'; KeyFilePath = (Join-Path $work 'client')
            Options = @{ UserKnownHostsFile = $known; StrictHostKeyChecking = 'yes' }
        }
        # The fan-out an administrator writes: the nightly script on every server, then its history.
        $results = @(Invoke-Command @remote -ArgumentList $now -ScriptBlock {
            param($now)
            Import-Module Rostrvm
            $script = Join-Path (Get-Module Rostrvm).ModuleBase 'scripts/Invoke-RostrvmNightlyMaintenance.ps1'
            $run = & $script -Now $now 6>$null 3>$null
            # The run object itself travels (nested objects would arrive as text); note what the shell saw.
            $run | Add-Member -NotePropertyMembers @{ ScriptExitCode = $LASTEXITCODE; Root = $env:ROSTRVM_ROOT } -PassThru
        })
        $history = @(Invoke-Command @remote -ScriptBlock { Get-RostrvmMaintenanceHistory })
        # The morning report of the fleet, as the README shows it: every server's objects through remoting, one page.
        $fleet = Join-Path $work 'fleet.html'
        Invoke-Command @remote -ScriptBlock { Test-RostrvmRecoverability; Get-RostrvmStorageReport -WarningAction SilentlyContinue;
            Get-RostrvmMaintenanceHistory } |
            Export-RostrvmReport -Path $fleet | Out-Null
        Write-Host ("Nightly maintenance on both hosts and their history back in {0:N0} s in all" -f ((Get-Date) - $started).TotalSeconds)
    }

    AfterAll {
        foreach ($h in $hosts) {
            if ($h.PSObject.Properties["SshdPid"] -and (Test-Path $h.SshdPid)) { Stop-Process -Id ([int](
                Get-Content $h.SshdPid)) -ErrorAction SilentlyContinue }
            & (Join-Path (Get-TestRepoRoot) 'demo/Stop-Sandbox.ps1') -Name "remote-$tag-$($h.Name)" -Root (
                Join-Path $work 'sandboxes') -Remove
            # Whatever else this test started inside the namespace (by PID), then the namespace and its link.
            foreach ($p in @(& ip netns pids $h.Namespace 2>$null)) { if ($p -match '^\d+$') { Stop-Process -Id (
                [int]$p) -Force -ErrorAction SilentlyContinue } }
            & ip netns del $h.Namespace 2>&1 | Out-Null
            & ip link del $h.Outer 2>&1 | Out-Null
        }
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'ran on both hosts, each against its own root, and every job succeeded' {
        $results.Count | Should -Be 2
        ($results.PSComputerName | Sort-Object) | Should -Be ($hosts.Ip | Sort-Object)
        foreach ($r in $results) {
            $h = $hosts | Where-Object Ip -eq $r.PSComputerName
            $r.Root | Should -Be $h.Root
            $r.PSObject.TypeNames[0] | Should -Be 'Deserialized.Rostrvm.Core.Maintenance.MaintenanceRun'
            $r.RunFor | Should -Be $now
            $r.Failed | Should -Be 0 -Because "these jobs failed on $($r.PSComputerName): $($r.FailedJobs -join ', ')"
            $r.Succeeded | Should -Be 6
            $r.ScriptExitCode | Should -Be 0
        }
    }

    It 'brings back six history entries per host as deserialized objects' {
        $history.Count | Should -Be 12
        foreach ($address in $hosts.Ip) {
            $mine = @($history | Where-Object PSComputerName -eq $address)
            ($mine.Job | Sort-Object) | Should -Be @('BinlogCopy', 'LogCompression', 'MisExport', 'MisPurge', 'RecordingArchive',
                'StorageReport')
            $mine[0].PSObject.TypeNames[0] | Should -Be 'Deserialized.Rostrvm.Core.Maintenance.MaintenanceHistoryEntry'
        }
    }

    It 'each host worked on its own server: MIS extracted and logs compressed in its root' {
        $day = $now.Date.AddDays(-1).ToString('yyyy-MM-dd')
        foreach ($h in $hosts) {
            Join-Path $h.Root "ExtractedMIS/$day/mis_call.csv" | Should -Exist
            Join-Path $h.Root 'logs/CallDirector.log.1' | Should -Not -Exist
            @(Get-ChildItem (Join-Path $h.Root 'maintenance/history') -Filter *.json).Count | Should -Be 1
        }
    }

    It 'writes one morning report of both hosts from their objects over remoting, each with its verdict and storage by component' {
        $html = Get-Content $fleet -Raw
        foreach ($address in $hosts.Ip) {
            $section = [regex]::Match($html,
                "(?s)<section class=""server""[^>]*data-server=""$([regex]::Escape($address))"".*?</section>").Value
            $section | Should -Not -BeNullOrEmpty -Because "the report has a section for $address"
            $section | Should -Match 'verdict-(green|amber|red)'
            $section | Should -Match 'data-plot="components"'
        }
    }

    It 'formats the deserialized history with the module view' {
        $text = $history | Out-String -Width 200
        $text | Should -Match 'PSComputerName|ComputerName'
        $text | Should -Match 'Outcome'
        $text | Should -Match 'MisExport'
        $text | Should -Not -Match 'RunId\s*:'
    }
}
