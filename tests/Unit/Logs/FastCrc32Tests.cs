using Xunit;

namespace Rostrvm.Tests.Unit.Logs
{
    public class FastCrc32Tests
    {
        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(7)]
        [InlineData(8)]
        [InlineData(9)]
        [InlineData(1000)]
        [InlineData(262147)]
        public void agrees_with_System_IO_Hashing_whole_and_in_pieces(int length)
        {
            var data = new byte[length];
            new System.Random(length).NextBytes(data);
            var expected = System.IO.Hashing.Crc32.HashToUInt32(data);
            Assert.Equal(expected, Rostrvm.Core.IO.FastCrc32.Compute(data));
            var half = length / 3;
            var crc = Rostrvm.Core.IO.FastCrc32.Append(0, data, 0, half);
            Assert.Equal(expected, Rostrvm.Core.IO.FastCrc32.Append(crc, data, half, length - half));
        }

        [Fact]
        public void gives_the_check_value_of_the_standard()
        {
            Assert.Equal(0xCBF43926u, Rostrvm.Core.IO.FastCrc32.Compute(System.Text.Encoding.ASCII.GetBytes("123456789")));
        }
    }
}
