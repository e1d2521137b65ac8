using Rostrvm.Core.Errors;
using Xunit;

namespace Rostrvm.Tests.Unit.Errors
{
    /// <summary>Server error text without the row data it quotes.</summary>
    public sealed class ServerErrorTextTests
    {
        [Theory]
        [InlineData("Unknown column '0x524946460000' in 'field list'", "Unknown column '...' in '...'")]
        [InlineData("Duplicate entry '0123 456 789' for key 'PRIMARY'", "Duplicate entry '...' for key '...'")]
        [InlineData(
            "You have an error in your SQL syntax; check the manual near 'it''s \\' secret' at line 1",
            "You have an error in your SQL syntax; check the manual near '...' at line 1")]
        [InlineData("near 'a recording cut off", "near '...'")]
        [InlineData("Table 'db.recording' doesn't exist", "Table '...' doesn't exist")]
        public void leaves_out_every_quoted_value(string message, string expected)
        {
            Assert.Equal(expected, ServerErrorText.WithoutValues(message));
        }
    }
}
