# What only Windows can prove (issue 23): the access lists the module gives what it creates, the
# DPAPI credential file read back by Import-Clixml, a service stopped and started with what depends
# on it, the Application log entry of a failed job, and a task the Task Scheduler accepts.
# Run as an administrator on Windows against the built module: dotnet pwsh ./build.ps1 -Task TestWindows
# (or Invoke-Pester tests/Windows after -Task Build, in Windows PowerShell 5.1 or PowerShell 7).
# Elsewhere every test is skipped (Windows only); build.ps1 -Task Test never runs this folder.
BeforeDiscovery {
    $script:notWindows = -not ($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop')
}

BeforeAll {
    $script:notWindows = -not ($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop')
    if ($notWindows) {
        Write-Host 'Skipped: these tests need Windows (ACLs, DPAPI, the service control manager, the event log, the Task Scheduler).'
        return
    }
    $repo = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    Import-Module (Join-Path $repo (Join-Path 'out' (Join-Path 'Rostrvm' 'Rostrvm.psd1'))) -Force
    $script:root = Join-Path ([IO.Path]::GetTempPath()) ('rostrvm-win-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory -Path $root | Out-Null
    $script:settingsPath = Join-Path $root 'RostrvmMaintenance.json'
    Set-RostrvmConfiguration -ConfigurationPath $settingsPath -Server localhost -Port 3308
    # Core's types, loaded by the cmdlet above (privately, so found by name).
    $script:core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Rostrvm.Core' } |
        Select-Object -First 1
    function script:CoreType([string] $Name) { $script:core.GetType($Name, $true) }
    $script:me = [Security.Principal.WindowsIdentity]::GetCurrent().User.Value

    function script:Get-AceSid($Acl) {
        $sid = [Security.Principal.SecurityIdentifier]
        @($Acl.Access | ForEach-Object { $_.IdentityReference.Translate($sid).Value } | Sort-Object -Unique)
    }
}

AfterAll {
    if (-not $notWindows -and $root) { Remove-Item $root -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Owner-only files on Windows' -Skip:$notWindows {
    It 'a folder the module creates has a protected access list: this user, SYSTEM, Administrators, inherited by its files' {
        $folder = Join-Path $root 'backups'
        (CoreType 'Rostrvm.Core.IO.FilePermissions')::CreateOwnerOnlyFolder($folder)
        $acl = Get-Acl $folder
        $acl.AreAccessRulesProtected | Should -BeTrue
        Get-AceSid $acl | Should -Be (@($me, 'S-1-5-18', 'S-1-5-32-544') | Sort-Object -Unique)
        $acl.Access | ForEach-Object {
            $_.AccessControlType | Should -Be 'Allow'
            $_.FileSystemRights | Should -Be 'FullControl'
            $_.InheritanceFlags | Should -Be 'ContainerInherit, ObjectInherit'
        }
    }

    It 'the settings file is written owner-only with inheritance off' {
        $acl = Get-Acl $settingsPath
        $acl.AreAccessRulesProtected | Should -BeTrue
        Get-AceSid $acl | Should -Be (@($me, 'S-1-5-18', 'S-1-5-32-544') | Sort-Object -Unique)
    }

    It 'an option file that Users may read is refused, naming BUILTIN\Users' {
        $file = Join-Path $root 'client.cnf'
        Set-Content $file "[client]`nuser=rostrvm`npassword=secret"
        (CoreType 'Rostrvm.Core.IO.FilePermissions')::RestrictToOwner($file)
        { Set-RostrvmConfiguration -ConfigurationPath $settingsPath -OptionFile $file } | Should -Not -Throw
        & icacls.exe $file /grant '*S-1-5-32-545:(R)' | Out-Null
        $e = { Set-RostrvmConfiguration -ConfigurationPath $settingsPath -OptionFile $file } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeLike 'OptionFileInsecure*'
        $e.Exception.Message | Should -BeLike '*Users*'
        $e.Exception.Message | Should -Not -BeLike '*secret*'
    }
}

Describe 'DPAPI credential file' -Skip:$notWindows {
    It 'Set-RostrvmConfiguration -CredentialFile stores what Import-Clixml reads back, and the jobs read it' {
        $path = Join-Path $root 'rostrvm.cred.xml'
        $password = ConvertTo-SecureString 'N1ght-Run' -AsPlainText -Force
        $credential = New-Object System.Management.Automation.PSCredential ('rostrvm_maint', $password)
        Set-RostrvmConfiguration -ConfigurationPath $settingsPath -CredentialFile $path -Credential $credential
        (Get-Content $path -Raw) | Should -Not -BeLike '*N1ght-Run*'
        $back = Import-Clixml $path
        $back.UserName | Should -Be 'rostrvm_maint'
        $back.GetNetworkCredential().Password | Should -Be 'N1ght-Run'
        (CoreType 'Rostrvm.Core.Configuration.CredentialFile')::Read($path).Password | Should -Be 'N1ght-Run'
        (Get-RostrvmConfiguration -ConfigurationPath $settingsPath).CredentialFile | Should -Be $path
        (Get-Acl $path).AreAccessRulesProtected | Should -BeTrue
    }

    It 'Export-Clixml of a PSCredential is read by the module' {
        $path = Join-Path $root 'exported.cred.xml'
        New-Object System.Management.Automation.PSCredential ('other', (ConvertTo-SecureString 'Xp0rt' -AsPlainText -Force)) |
            Export-Clixml $path
        (CoreType 'Rostrvm.Core.Configuration.CredentialFile')::Read($path).Password | Should -Be 'Xp0rt'
    }
}

Describe 'Service stop and start' -Skip:$notWindows {
    BeforeAll {
        # A do-nothing service (and one that depends on it) compiled with the .NET Framework compiler every Windows has.
        $script:svc = 'RostrvmTestSvc' + (Get-Random -Maximum 9999)
        $script:dep = $svc + 'Dep'
        $source = Join-Path $root 'DummyService.cs'
        $exe = Join-Path $root 'DummyService.exe'
        Set-Content $source @'
using System.ServiceProcess;
public sealed class DummyService : ServiceBase
{
    public static void Main() { ServiceBase.Run(new DummyService()); }
}
'@
        $csc = Join-Path $env:WINDIR 'Microsoft.NET\Framework64\v4.0.30319\csc.exe'
        & $csc /nologo /reference:System.ServiceProcess.dll "/out:$exe" $source | Out-Null
        New-Service -Name $svc -BinaryPathName "`"$exe`"" -StartupType Manual | Out-Null
        New-Service -Name $dep -BinaryPathName "`"$exe`"" -StartupType Manual -DependsOn $svc | Out-Null
        Start-Service $dep
    }
    AfterAll {
        foreach ($name in $dep, $svc) {
            Stop-Service $name -Force -ErrorAction SilentlyContinue
            & sc.exe delete $name | Out-Null
        }
    }

    It 'stops the service with what depends on it, then starts both again' {
        $control = (CoreType 'Rostrvm.Core.Restore.ServiceControl')::ForThisMachine()
        $control.EnsureExists($svc)
        $control.Stop($svc)
        (Get-Service $svc).Status | Should -Be 'Stopped'
        (Get-Service $dep).Status | Should -Be 'Stopped'
        $control.Start($svc)
        (Get-Service $svc).Status | Should -Be 'Running'
        (Get-Service $dep).Status | Should -Be 'Running'
    }

    It 'a service that does not exist is ServiceNotFound before anything changes' {
        $control = (CoreType 'Rostrvm.Core.Restore.ServiceControl')::ForThisMachine()
        $e = { $control.EnsureExists('RostrvmNoSuchService') } | Should -Throw -PassThru
        $e.Exception.InnerException.ErrorId | Should -Be 'ServiceNotFound'
    }
}

Describe 'Failures in the Application log' -Skip:$notWindows {
    It 'a failed job is an error event 1003 of the source Rostrvm' {
        $log = CoreType 'Rostrvm.Core.Maintenance.MaintenanceEventLog'
        $log::Register() | Should -BeTrue
        $entry = New-Object (CoreType 'Rostrvm.Core.Maintenance.MaintenanceHistoryEntry')
        $entry.RunId = [guid]::NewGuid().ToString('N')
        $entry.RunName = 'Nightly'
        $entry.Job = 'BinlogBackup'
        $entry.Outcome = 'Failed'
        $entry.ErrorId = 'ServerUnreachable'
        $entry.ErrorMessage = 'The server localhost:3308 does not answer.'
        $since = (Get-Date).AddSeconds(-5)
        $log::Write($entry) | Should -BeTrue
        $found = Get-WinEvent -FilterHashtable @{ LogName = 'Application'; ProviderName = 'Rostrvm'; Id = 1003; StartTime = $since } |
            Where-Object Message -like "*$($entry.RunId)*"
        @($found).Count | Should -Be 1
        $found.LevelDisplayName | Should -Be 'Error'
    }
}

Describe 'Task Scheduler' -Skip:$notWindows {
    It 'accepts the tasks (S4U, no password) and Get-RostrvmMaintenanceTask reads their next run back' {
        $account = [Security.Principal.WindowsIdentity]::GetCurrent().Name
        Set-RostrvmConfiguration -ConfigurationPath $settingsPath -TaskAccount $account
        try {
            $tasks = Register-RostrvmMaintenanceTask -ConfigurationPath $settingsPath -Scheduler TaskScheduler
            @($tasks).Count | Should -BeGreaterOrEqual 2
            $read = @(Get-RostrvmMaintenanceTask -ConfigurationPath $settingsPath -Scheduler TaskScheduler)
            $read.Count | Should -Be @($tasks).Count
            $read | ForEach-Object { $_.NextRun | Should -BeGreaterThan (Get-Date) }
            $xml = Export-ScheduledTask -TaskPath '\Rostrvm\' -TaskName @($tasks)[0].TaskName.Split('\')[-1]
            $xml | Should -BeLike '*<LogonType>S4U</LogonType>*'
        }
        finally {
            Unregister-RostrvmMaintenanceTask -ConfigurationPath $settingsPath -Scheduler TaskScheduler -Confirm:$false
        }
    }
}
