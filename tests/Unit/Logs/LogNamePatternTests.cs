using Rostrvm.Core.Configuration;
using Rostrvm.Core.Logs;
using Xunit;

namespace Rostrvm.Tests.Unit.Logs
{
    public class LogNamePatternTests
    {
        [Theory]
        [InlineData("CallDirector_20260815.log", true)]
        [InlineData("RoutingEngine_20261101.LOG", true)]
        [InlineData("server.log.1", true)]
        [InlineData("a.logx", false)] // Windows' 8.3 matching would say yes
        [InlineData("CallDirector_20260815.log.zip", true)] // excluded later, by the planner
        [InlineData("notes.doc", false)]
        public void default_patterns_match_the_rostrvm_log_names(string name, bool expected)
        {
            var patterns = new LogNamePattern(new RostrvmSettings().EffectiveLogPatterns);
            Assert.Equal(expected, patterns.IsMatch(name));
        }

        [Fact]
        public void question_mark_is_one_character_and_dots_are_literal()
        {
            var patterns = new LogNamePattern(new[] { "trace?.log" });
            Assert.True(patterns.IsMatch("trace1.log"));
            Assert.False(patterns.IsMatch("trace12.log"));
            Assert.False(patterns.IsMatch("trace1xlog"));
        }

        [Theory]
        [InlineData("a.log.zip", "a.log")]
        [InlineData("a.log (2).zip", "a.log")]
        [InlineData("a (1).log.zip", "a (1).log")]
        [InlineData("a.log (x).zip", "a.log (x)")]
        public void zip_names_give_back_the_log_name(string zip, string log)
        {
            Assert.Equal(log, LogPurgePlanner.LogNameOfZip(zip));
            Assert.Equal(zip.Contains(" (2)") ? zip : log + ".zip", LogPurgePlanner.ZipNameFor(log, zip.Contains(" (2)") ? 2 : 1));
        }
    }
}
