using System;
using Rostrvm.Core.Binlog;
using Xunit;

namespace Rostrvm.Tests.Unit.Flashback
{
    /// <summary>Decoded values as SQL literals that read back to the same value in any sql_mode.</summary>
    public class SqlLiteralTests
    {
        [Theory]
        [InlineData(null, "NULL")]
        [InlineData("o'k", "'o''k'")]
        [InlineData("back\\slash", "_utf8mb4 X'6261636B5C736C617368'")]
        [InlineData("line\nnext", "_utf8mb4 X'6C696E650A6E657874'")]
        [InlineData(-5L, "-5")]
        [InlineData(18446744073709551615UL, "18446744073709551615")]
        [InlineData(0.1, "0.10000000000000001E0")]
        [InlineData(6.3539973955387236E-05, "6.3539973955387236E-05")]
        [InlineData(763.02856f, "763.028564453125E0")]
        public void Writes_exact_literals(object? value, string expected) => Assert.Equal(expected, SqlLiteral.Of(value));

        [Fact]
        public void Writes_decimals_with_their_scale_bytes_as_hex_and_temporals_with_every_microsecond()
        {
            Assert.Equal("12.3400", SqlLiteral.Of(12.3400m));
            Assert.Equal("X'00275C'", SqlLiteral.Of(new byte[] { 0, 0x27, 0x5C }));
            Assert.Equal("X''", SqlLiteral.Of(new byte[0]));
            Assert.Equal("'2026-01-02 03:04:05.000007'", SqlLiteral.Of(new DateTime(2026, 1, 2, 3, 4, 5).AddTicks(70)));
            Assert.Equal("'1999-12-31 23:59:59'", SqlLiteral.Of(new DateTime(1999, 12, 31, 23, 59, 59)));
            Assert.Equal("'-838:59:59'", SqlLiteral.Of(-new TimeSpan(838, 59, 59)));
            Assert.Equal("'-12:57:05.870000'", SqlLiteral.Of(-(new TimeSpan(12, 57, 5) + TimeSpan.FromTicks(8700000))));
        }
    }
}
