using System;
using Rostrvm.Core.Backup;
using Xunit;

namespace Rostrvm.Tests.Unit.Backup
{
    public class BackupCycleTests
    {
        private static BackupInfo Backup(int slot, bool complete, int hour, string ext = ".rbk") => new BackupInfo
        {
            Name = "rostrvm_920_" + slot + ext, Slot = slot, Complete = complete, Status = complete ? "Complete" : "Incomplete",
            SnapshotTimeUtc = new DateTime(2026, 11, 1, hour, 0, 0, DateTimeKind.Utc),
        };

        [Fact]
        public void Names_follow_the_cycle_pattern()
        {
            Assert.Equal("rostrvm_920_2.rbk", BackupCycle.FileName("920", 2, BackupCompression.None));
            Assert.Equal("rostrvm_920_1.rbk.gz", BackupCycle.FileName("920", 1, BackupCompression.Gzip));
            Assert.Equal("rostrvm_920_1.scripts.zip", BackupCycle.ScriptsFileName("920", 1));
            Assert.Equal(3, BackupCycle.SlotOf("/x/rostrvm_920_3.rbk.gz"));
            Assert.Equal(0, BackupCycle.SlotOf("rostrvm_920_3.rbk", "921"));
            Assert.Equal(0, BackupCycle.SlotOf("other.rbk"));
        }

        [Fact]
        public void An_empty_slot_is_chosen_first()
        {
            Assert.Equal(1, BackupCycle.ChooseSlot(new BackupInfo[0], "920", 2));
            Assert.Equal(2, BackupCycle.ChooseSlot(new[] { Backup(1, true, 5) }, "920", 2));
        }

        [Fact]
        public void The_oldest_complete_backup_is_replaced_when_all_slots_are_full()
        {
            Assert.Equal(2, BackupCycle.ChooseSlot(new[] { Backup(1, true, 5), Backup(2, true, 3) }, "920", 2));
            Assert.Equal(1, BackupCycle.ChooseSlot(new[] { Backup(1, true, 1), Backup(2, true, 3) }, "920", 2));
        }

        [Fact]
        public void An_incomplete_backup_is_replaced_before_any_complete_one()
        {
            Assert.Equal(2, BackupCycle.ChooseSlot(new[] { Backup(1, true, 1), Backup(2, false, 9) }, "920", 2));
        }

        [Fact]
        public void Slots_beyond_the_cycle_are_ignored()
        {
            Assert.Equal(1, BackupCycle.ChooseSlot(new[] { Backup(1, true, 1), Backup(3, true, 0) }, "920", 1));
        }
    }
}
