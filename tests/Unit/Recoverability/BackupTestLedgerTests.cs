using System;
using System.IO;
using Rostrvm.Core.Recoverability;
using Xunit;

namespace Rostrvm.Tests.Unit.Recoverability
{
    public class BackupTestLedgerTests
    {
        [Fact]
        public void A_test_is_found_by_the_backups_sha256_only_and_gives_the_load_rate()
        {
            using (var dir = new TempDirectory())
            {
                var ledger = BackupTestLedger.ForHistory(Path.Combine(dir.File("maintenance"), "history"));
                Assert.Equal(Path.Combine(dir.File("maintenance"), "backup-tests"), ledger.Directory);
                var sha = new string('a', 64);
                ledger.Record(new BackupTestRecord
                {
                    Sha256 = sha, BackupName = "rostrvm_920_1.rbk", Passed = true, Bytes = 1000, LoadSeconds = 4,
                    TestedAtUtc = DateTime.UtcNow
                });

                var found = ledger.Find(sha.ToUpperInvariant());
                Assert.NotNull(found);
                Assert.True(found.Passed);
                Assert.Equal(250, found.LoadBytesPerSecond);
                Assert.Null(ledger.Find(new string('b', 64)));
                Assert.Null(ledger.Find(null));
            }
        }
    }
}
