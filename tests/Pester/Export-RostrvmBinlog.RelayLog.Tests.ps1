# A replica's relay log (tests/fixtures/binlog-generated): its events carry the source's positions and
# a second format description; read and exported, it replays to the rows the replica applied.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Binlog.TestSupport.psm1') -Force
    $sandbox = Get-TestSandbox
    Import-RostrvmUnderTest
    $fixtures = Join-Path (Get-TestRepoRoot) (Join-Path 'tests' (Join-Path 'fixtures' 'binlog-generated'))
    $work = Join-Path ([System.IO.Path]::GetTempPath()) ('rostrvm-relay-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory -Path $work | Out-Null
}
AfterAll {
    Remove-TestDatabase -Sandbox $sandbox -Name shop
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Relay logs' {
    It 'lists the source transactions of <Name> and finds its delete by table' -ForEach @(
        @{ Name = 'mariadb-10.11-relay.000002' }
        @{ Name = 'mariadb-10.11-relay-source-no-checksum.000002' }
    ) {
        $path = Join-Path $fixtures $Name
        $transactions = @(Get-RostrvmBinlogEvent -Path $path -Transaction)
        $transactions.Gtid | Should -Be @('0-1-1', '0-1-2', '0-1-3', '0-1-4', '0-1-5', '0-1-6')
        $delete = @(Get-RostrvmBinlogEvent -Path $path -Table item -Operation Delete)
        $delete.Count | Should -Be 1
        $delete[0].Rows[0].Before['@1'] | Should -Be 3
    }

    It 'exports <Name> as a script that replays to the rows the replica applied' -ForEach @(
        @{ Name = 'mariadb-10.11-relay.000002' }
        @{ Name = 'mariadb-10.11-relay-source-no-checksum.000002' }
    ) {
        Remove-TestDatabase -Sandbox $sandbox -Name shop
        $script = Join-Path $work "$Name.sql"
        $summary = Export-RostrvmBinlog -Path (Join-Path $fixtures $Name) -OutFile $script
        $summary.Transactions | Should -Be 6
        Invoke-ReplayScript -Sandbox $sandbox -Path $script
        $rows = @(Invoke-TestSql -Sandbox $sandbox -Query 'SELECT id, name, price, added FROM shop.item ORDER BY id')
        @($rows | ForEach-Object { '{0}|{1}|{2}|{3}' -f $_.id, $_.name, $_.price, $_.added }) |
            Should -Be @('1|green tea|2.75|2026-12-01 10:00:00', '2|coffee|3.10|2026-12-01 10:01:00', '4|juice|1.90|')
    }
}
