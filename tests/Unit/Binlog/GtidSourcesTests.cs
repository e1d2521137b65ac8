using System.IO;
using System.Linq;
using Rostrvm.Core.Binlog;
using Xunit;

namespace Rostrvm.Tests.Unit.Binlog
{
    public class GtidSourcesTests
    {
        [Theory]
        [InlineData("0-1-50", "0")]
        [InlineData("0-1-50,7-1-3", "0 7")]
        [InlineData("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5:7", "3e11fa47-71ca-11e1-9e33-c80aa9429562")]
        [InlineData("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:night:1-3,\n4e11fa47-71ca-11e1-9e33-c80aa9429562:1-2",
            "3e11fa47-71ca-11e1-9e33-c80aa9429562 3e11fa47-71ca-11e1-9e33-c80aa9429562:night 4e11fa47-71ca-11e1-9e33-c80aa9429562")]
        [InlineData("", "")]
        public void A_position_names_its_domains_or_source_uuids(string position, string expected)
        {
            Assert.Equal(expected, string.Join(" ", GtidSources.Of(position)));
        }

        [Fact]
        public void A_mariadb_file_starts_with_the_domains_of_its_gtid_list()
        {
            var sources = GtidSources.AtStartOf(Path.Combine(BinlogFixture.Directory, "mdbpoc__domain_id_0_mariadb-repl-bin.000004"));
            Assert.NotNull(sources);
            Assert.Equal(new[] { "0" }, sources.ToArray());
        }

        [Fact]
        public void A_mysql_file_starts_with_its_previous_gtids_even_when_empty()
        {
            var sources = GtidSources.AtStartOf(Path.Combine(BinlogFixture.Directory, "pbs__binlog.000001"));
            Assert.NotNull(sources);
        }
    }
}
