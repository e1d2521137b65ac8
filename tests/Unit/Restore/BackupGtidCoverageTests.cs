using Rostrvm.Core.Restore;
using Xunit;

namespace Rostrvm.Tests.Unit.Restore
{
    public class BackupGtidCoverageTests
    {
        [Theory]
        [InlineData("0-1-60", "0-1-44", true)]
        [InlineData("0-1-60", "0-1-60", true)]
        [InlineData("0-1-60", "0-1-61", false)]
        [InlineData("0-1-60,1-2-5", "1-2-6", false)]
        [InlineData("0-1-60,1-2-5", "1-3-5", true)]
        [InlineData("1-2-5", "0-1-1", false)]
        [InlineData("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7", "3E11FA47-71CA-11E1-9E33-C80AA9429562:4", true)]
        [InlineData("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7", "3e11fa47-71ca-11e1-9e33-c80aa9429562:6", false)]
        [InlineData("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7", "3e11fa47-71ca-11e1-9e33-c80aa9429562:7", true)]
        [InlineData(
            "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,\n4e11fa47-71ca-11e1-9e33-c80aa9429562:1-2",
            "4e11fa47-71ca-11e1-9e33-c80aa9429562:3",
            false)]
        [InlineData("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:night:1-3", "3e11fa47-71ca-11e1-9e33-c80aa9429562:night:2", true)]
        [InlineData("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:night:1-3", "3e11fa47-71ca-11e1-9e33-c80aa9429562:night:4", false)]
        [InlineData("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:night:1-3", "3e11fa47-71ca-11e1-9e33-c80aa9429562:4", true)]
        public void Tells_whether_the_backup_holds_the_transaction(string backup, string gtid, bool holds)
        {
            Assert.Equal(holds, BackupGtidCoverage.Holds(backup, gtid));
        }

        [Theory]
        [InlineData(null, "0-1-4")]
        [InlineData("0-1-60", "rtmbinlog.000012:4567")]
        [InlineData("0-1-60", "")]
        public void Cannot_tell_without_a_position_or_a_gtid(string? backup, string gtid)
        {
            Assert.Null(BackupGtidCoverage.Holds(backup, gtid));
        }
    }
}
