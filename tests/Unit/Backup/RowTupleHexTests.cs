using System;
using System.Text;
using Rostrvm.Core.Backup;
using Xunit;

namespace Rostrvm.Tests.Unit.Backup
{
    public class RowTupleHexTests
    {
        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(7)]
        [InlineData(256)]
        [InlineData(1001)]
        public void Hex_equals_the_plain_conversion(int size)
        {
            var raw = new byte[size];
            new Random(size).NextBytes(raw);
            if (size >= 2) { raw[0] = 0x00; raw[1] = 0xFF; }
            var buffer = new byte[5 + 2 * size];
            RowTupleReader.Hex(raw, new Span<byte>(buffer, 5, 2 * size));
            var expected = BitConverter.ToString(raw).Replace("-", string.Empty);
            Assert.Equal(expected, Encoding.ASCII.GetString(buffer, 5, 2 * size));
        }
    }
}
