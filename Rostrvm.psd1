@{
    RootModule           = 'Rostrvm.PowerShell.dll'
    # Imported before the root module: installs the private resolver for dependencies/.
    NestedModules        = @('Rostrvm.Loader.dll')
    ModuleVersion        = '0.1.0'
    GUID                 = '5d3c8a3e-4f0b-4a43-9b7e-2f4f0f9c7a21'
    Author               = 'Rostrvm maintenance team'
    CompanyName          = 'Rostrvm'
    Copyright            = '(c) Rostrvm maintenance team'
    Description          = 'Maintenance of rostrvm contact-centre servers: backups, point-in-time restore, binlog inspection, MIS extract and purge, log compression, recording archives and scheduled maintenance.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('Rostrvm.format.ps1xml')
    TypesToProcess       = @('Rostrvm.types.ps1xml')
    CmdletsToExport      = @(
        'Get-RostrvmConfiguration', 'Set-RostrvmConfiguration', 'Test-RostrvmConnection',
        'Backup-RostrvmDatabase', 'Backup-RostrvmScript', 'Get-RostrvmBackup', 'Test-RostrvmBackup',
        'Get-RostrvmBinlog', 'Get-RostrvmBinlogEvent', 'Export-RostrvmBinlog', 'Backup-RostrvmBinlog',
        'Get-RostrvmRestorePlan', 'Restore-RostrvmDatabase', 'Undo-RostrvmTransaction',
        'Export-RostrvmMis', 'Invoke-RostrvmMisPurge',
        'Compress-RostrvmLog', 'Remove-RostrvmLog',
        'Move-RostrvmRecording', 'Get-RostrvmRecordingArchive', 'Export-RostrvmRecording', 'Get-RostrvmStorageReport',
        'Test-RostrvmRecoverability', 'Export-RostrvmReport',
        'Get-RostrvmMaintenanceHistory', 'Invoke-RostrvmMaintenance', 'Register-RostrvmMaintenanceTask', 'Get-RostrvmMaintenanceTask', 'Unregister-RostrvmMaintenanceTask',
        'Sync-RostrvmMirror'
    )
    AliasesToExport      = @('Compress-RostrvmLogs', 'Move-RostrvmRecordings')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('rostrvm', 'MySQL', 'MariaDB', 'backup', 'binlog', 'restore', 'maintenance')
            ProjectUri = 'https://example.invalid/rostrvm'
        }
    }
}
