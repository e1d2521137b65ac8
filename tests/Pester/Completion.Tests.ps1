# Tab completion of the module's parameters, through TabExpansion2 as a console would ask for it:
# names from the sandbox server, backup and binlog files from the settings' folders, recent
# transaction starts for -StopPosition, and the jobs and tasks of the shipped scripts.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    $settings = New-TestRoot -Sandbox $sandbox
    $backup = Backup-RostrvmDatabase -ConfigurationPath $settings -Confirm:$false

    function Get-Completion([string] $Line) {
        <# What Tab offers at the end of the line. #>
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }
}

AfterAll {
    Remove-Item (Split-Path $settings -Parent) -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Argument completion' {
    It 'completes -Database and -TargetDatabase from the server' {
        (Get-Completion "Backup-RostrvmDatabase -ConfigurationPath '$settings' -Database rostrvm_9").CompletionText | Should -Contain 'rostrvm_920'
        (Get-Completion "Restore-RostrvmDatabase -ConfigurationPath '$settings' -TargetDatabase rostrvm_9").CompletionText | Should -Contain 'rostrvm_920'
        (Get-Completion "Export-RostrvmBinlog -ConfigurationPath '$settings' -TargetDatabase rostrvm_9").CompletionText | Should -Contain 'rostrvm_920'
    }

    It 'completes -Table of the binlog cmdlets from the database''s tables' {
        $tables = @(Invoke-TestSql -Sandbox $sandbox -Query "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'rostrvm_920' AND TABLE_NAME LIKE 'mis\_%' ORDER BY TABLE_NAME").t
        $tables.Count | Should -BeGreaterThan 1
        (Get-Completion "Get-RostrvmBinlogEvent -ConfigurationPath '$settings' -Table mis_").CompletionText | Should -Be $tables
    }

    It 'completes -Table of the MIS cmdlets from the MIS tables in the settings' {
        $configured = @((Get-RostrvmConfiguration -ConfigurationPath $settings).EffectiveMisTables.Keys | Sort-Object)
        (Get-Completion "Export-RostrvmMis -ConfigurationPath '$settings' -Table ").CompletionText | Should -Be $configured
    }

    It 'completes a backup file by its name to its full path' {
        $offered = @(Get-Completion "Restore-RostrvmDatabase -ConfigurationPath '$settings' -Path rostrvm_920").CompletionText
        $offered | Should -Contain $backup.Path
        @(Get-Completion "Test-RostrvmBackup -ConfigurationPath '$settings' -Path ").CompletionText | Should -Contain $backup.Path
    }

    It 'completes binlog files of the server''s binlog folder' {
        $files = @(Get-ChildItem $sandbox.BinlogDirectory -Filter 'rtmbinlog.0*' | Sort-Object Name).FullName
        (Get-Completion "Get-RostrvmBinlogEvent -ConfigurationPath '$settings' -Path rtmbinlog.").CompletionText | Should -Be $files
    }

    It 'completes -StopPosition with the newest transaction starts first, past binlogs a flush left empty' {
        # Two flushes (as a binlog backup makes) leave the newest files without a transaction.
        Invoke-TestSql -Sandbox $sandbox -Query 'FLUSH BINARY LOGS; FLUSH BINARY LOGS' | Out-Null
        $newest = Get-RostrvmBinlog -ConfigurationPath $settings | Select-Object -Last 8 |
            Get-RostrvmBinlogEvent -ConfigurationPath $settings -Transaction | Select-Object -Last 1
        $offered = @(Get-Completion "Restore-RostrvmDatabase -ConfigurationPath '$settings' -StopPosition ")
        $offered.Count | Should -BeGreaterThan 1
        $offered[0].CompletionText | Should -Be ('{0}:{1}' -f (Split-Path $newest.File -Leaf), $newest.Position)
        $offered[0].ToolTip | Should -Match ([regex]::Escape($newest.Gtid))
    }

    It 'completes maintenance jobs and tasks' {
        (Get-Completion 'Get-RostrvmMaintenanceHistory -Job Mis').CompletionText | Should -Be @('MisExport', 'MisPurge')
        (Get-Completion 'Get-RostrvmMaintenanceTask -Name N').CompletionText | Should -Be 'Nightly'
        (Get-Completion 'Unregister-RostrvmMaintenanceTask -Name W').CompletionText | Should -Be 'Weekly'
    }

    It 'offers no database, and no error, when the server cannot be reached' {
        $down = New-TestRoot -Sandbox $sandbox -Settings @{ Port = 1 }
        try {
            @(Get-Completion "Backup-RostrvmDatabase -ConfigurationPath '$down' -Database rostrvm").CompletionText | Should -Not -Contain 'rostrvm_920'
        }
        finally { Remove-Item (Split-Path $down -Parent) -Recurse -Force }
    }
}
