using System;
using System.Globalization;
using Rostrvm.Core.Binlog;
using Xunit;

namespace Rostrvm.Tests.Unit.Binlog
{
    public class UserVarFormattingTests
    {
        [Theory]
        [InlineData(0.9057697559760601, "9.057697559760601E-1")]
        [InlineData(1.968957252771554, "1.968957252771554E0")]
        [InlineData(123.45, "1.2345E2")]
        [InlineData(-0.00001, "-1E-5")]
        [InlineData(1.5e300, "1.5E300")]
        [InlineData(100, "1E2")]
        [InlineData(0, "0E0")]
        public void a_real_becomes_a_double_literal_with_an_exponent(double value, string expected)
        {
            Assert.Equal(expected, UserVarEventData.DoubleLiteral(value));
        }

        [Fact]
        public void every_double_literal_reads_back_to_the_same_double()
        {
            var random = new Random(25);
            for (var i = 0; i < 20000; i++)
            {
                var bits = new byte[8];
                random.NextBytes(bits);
                var value = BitConverter.ToDouble(bits, 0);
                if (double.IsNaN(value) || double.IsInfinity(value)) continue;
                var text = UserVarEventData.DoubleLiteral(value);
                Assert.Contains("E", text);
                Assert.Equal(value, double.Parse(text, CultureInfo.InvariantCulture));
            }
            Assert.Equal(double.Epsilon, double.Parse(UserVarEventData.DoubleLiteral(double.Epsilon), CultureInfo.InvariantCulture));
            Assert.Equal(double.MaxValue, double.Parse(UserVarEventData.DoubleLiteral(double.MaxValue), CultureInfo.InvariantCulture));
        }
    }
}
