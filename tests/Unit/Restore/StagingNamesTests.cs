using System;
using Rostrvm.Core.Restore;
using Xunit;

namespace Rostrvm.Tests.Unit.Restore
{
    /// <summary>The staging and previous-tables names: recognisable, within 64 characters, found again by a rerun.</summary>
    public sealed class StagingNamesTests
    {
        private static readonly DateTime Start = new DateTime(2026, 12, 3, 7, 5, 9, DateTimeKind.Utc);

        [Fact]
        public void names_the_staging_and_previous_databases_after_the_target_and_the_start()
        {
            var names = StagingNames.For("rostrvm_920", Start);
            Assert.Equal("rostrvm_920_r20261203070509", names.Stage);
            Assert.Equal("rostrvm_920_p20261203070509", names.Aside);
        }

        [Fact]
        public void shortens_a_long_target_so_every_name_fits_64_characters()
        {
            var target = new string('a', 64);
            var names = StagingNames.For(target, Start);
            Assert.Equal(64, names.Stage.Length);
            Assert.Equal(64, names.Aside.Length);
            Assert.True(StagingNames.TryParse(target, names.Aside, out var kind, out var stamp));
            Assert.Equal('p', kind);
            Assert.Equal("20261203070509", stamp);
        }

        [Theory]
        [InlineData("rostrvm_920_r20261203070509", true)]
        [InlineData("rostrvm_920_p20261203070509", true)]
        [InlineData("rostrvm_920_x20261203070509", false)]
        [InlineData("rostrvm_920_r2026120307050", false)]
        [InlineData("rostrvm_9201_r20261203070509", false)]
        [InlineData("rostrvm_920", false)]
        public void recognises_only_its_own_leftovers(string database, bool expected)
        {
            Assert.Equal(expected, StagingNames.TryParse("rostrvm_920", database, out _, out _));
        }
    }
}
