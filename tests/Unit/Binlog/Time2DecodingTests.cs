using Rostrvm.Core.Binlog;
using Xunit;

namespace Rostrvm.Tests.Unit.Binlog
{
    /// <summary>TIME2 with fractions below zero, packed as my_time_packed_to_binary does (the fraction byte is read unsigned).</summary>
    public class Time2DecodingTests
    {
        private const long Hms = (12L << 12) | (57L << 6) | 5; // 12:57:05

        [Theory]
        [InlineData(2, 87L, 870000L)]
        [InlineData(4, 8700L, 870000L)]
        [InlineData(2, 1L, 10000L)]
        public void Negative_time_with_a_fraction_reads_back_exactly(int fsp, long stored, long micro)
        {
            // -12:57:05.xx: the integer part one below, the fraction as its complement.
            var intPart = 0x800000 - Hms - 1;
            var data = fsp <= 2
                ? new[] { (byte)(intPart >> 16), (byte)(intPart >> 8), (byte)intPart, (byte)(0x100 - stored) }
                : new[]
                {
                    (byte)(intPart >> 16), (byte)(intPart >> 8), (byte)intPart, (byte)((0x10000 - stored) >> 8), (byte)(0x10000 - stored)
                };
            var expected = -(((12 * 3600 + 57 * 60 + 5) * 1000000L) + micro);
            Assert.Equal(expected, RowImageDecoder.Time2Micro(data, 0, fsp));
        }

        [Fact]
        public void Positive_time_with_a_fraction_reads_back_exactly()
        {
            var intPart = 0x800000 + Hms;
            var data = new[] { (byte)(intPart >> 16), (byte)(intPart >> 8), (byte)intPart, (byte)87 };
            Assert.Equal(((12 * 3600 + 57 * 60 + 5) * 1000000L) + 870000, RowImageDecoder.Time2Micro(data, 0, 2));
        }
    }
}
