using Rostrvm.Core.Binlog;
using Rostrvm.Core.Errors;
using Xunit;

namespace Rostrvm.Tests.Unit.Binlog
{
    public class BinlogPositionTests
    {
        [Theory]
        [InlineData("rtmbinlog.000012:4567", "rtmbinlog.000012", 4567)]
        [InlineData("/var/lib/mysql/rtmbinlog.000003:4", "rtmbinlog.000003", 4)]
        [InlineData(" rtmbinlog.000012:120 ", "rtmbinlog.000012", 120)]
        [InlineData("4567", null, 4567)]
        public void Parses_file_and_position_or_a_plain_number(string text, string? file, long position)
        {
            var parsed = BinlogPosition.Parse(text);
            Assert.Equal(file, parsed.File);
            Assert.Equal(position, parsed.Position);
        }

        [Theory]
        [InlineData("")]
        [InlineData("rtmbinlog.000012")]
        [InlineData("rtmbinlog.000012:")]
        [InlineData(":4567")]
        [InlineData("rtmbinlog.000012:-5")]
        [InlineData("rtmbinlog.000012:3")]
        [InlineData("12.5")]
        [InlineData("rtmbinlog.000012:4567x")]
        public void Refuses_anything_else_with_a_stable_id(string text)
        {
            Assert.False(BinlogPosition.TryParse(text, out var value));
            Assert.Null(value);
            var error = Assert.Throws<RostrvmException>(() => BinlogPosition.Parse(text));
            Assert.Equal("StopPositionInvalid", error.ErrorId);
            Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        }

        [Fact]
        public void A_number_is_a_position_of_the_last_file_and_reads_back_as_written()
        {
            var number = new BinlogPosition(4567);
            Assert.Null(number.File);
            Assert.Equal("4567", number.ToString());
            Assert.Equal("rtmbinlog.000012:4567", new BinlogPosition("rtmbinlog.000012", 4567).ToString());
            var named = new BinlogPosition("rtmbinlog.000012", 4567);
            Assert.Equal(BinlogPosition.Parse("rtmbinlog.000012:4567"), BinlogPosition.Parse(named.ToString()));
            Assert.NotEqual(number, BinlogPosition.Parse("rtmbinlog.000012:4567"));
        }

        [Fact]
        public void A_position_before_the_first_event_is_refused()
        {
            var error = Assert.Throws<RostrvmException>(() => new BinlogPosition(3));
            Assert.Equal(BinlogPosition.InvalidId, error.ErrorId);
        }
    }
}
