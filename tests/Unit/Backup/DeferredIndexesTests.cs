using Rostrvm.Core.Backup;
using Xunit;

namespace Rostrvm.Tests.Unit.Backup
{
    public class DeferredIndexesTests
    {
        private const string Create =
            "CREATE TABLE `mis_call` (\n" +
            "  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,\n" +
            "  `start_time` datetime(6) NOT NULL,\n" +
            "  `agent_id` int(10) unsigned DEFAULT NULL,\n" +
            "  `notes` text DEFAULT NULL COMMENT 'KEY `x` (y),',\n" +
            "  PRIMARY KEY (`id`),\n" +
            "  UNIQUE KEY `uq_start` (`start_time`,`id`),\n" +
            "  KEY `ix_start` (`start_time`),\n" +
            "  FULLTEXT KEY `ft_notes` (`notes`),\n" +
            "  KEY `ix_agent` (`agent_id`) USING BTREE COMMENT 'by agent'\n" +
            ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

        [Fact]
        public void Takes_out_plain_keys_and_adds_them_back_in_order()
        {
            var d = DeferredIndexes.From(Create);
            Assert.NotNull(d);
            Assert.Equal("`mis_call`", d.Table);
            Assert.Equal(
                "CREATE TABLE `mis_call` (\n" +
                "  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,\n" +
                "  `start_time` datetime(6) NOT NULL,\n" +
                "  `agent_id` int(10) unsigned DEFAULT NULL,\n" +
                "  `notes` text DEFAULT NULL COMMENT 'KEY `x` (y),',\n" +
                "  PRIMARY KEY (`id`),\n" +
                "  UNIQUE KEY `uq_start` (`start_time`,`id`),\n" +
                "  FULLTEXT KEY `ft_notes` (`notes`)\n" +
                ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4", d.CreateWithoutKeys);
            Assert.Equal(
                "ALTER TABLE `mis_call` ADD KEY `ix_start` (`start_time`), ADD KEY `ix_agent` (`agent_id`) USING BTREE COMMENT 'by agent'",
                d.AlterStatement);
        }

        [Theory]
        [InlineData("CREATE TABLE `a` (\n  `id` int NOT NULL,\n  `b` int,\n  PRIMARY KEY (`id`),\n  KEY `fk_b` (`b`),\n" +
            "  CONSTRAINT `fk_b` FOREIGN KEY (`b`) REFERENCES `c` (`id`)\n) ENGINE=InnoDB")]
        [InlineData("CREATE TABLE `a` (\n  `id` int NOT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB")]
        [InlineData("CREATE TABLE `a` (\n  `note` varchar(10) DEFAULT 'two\nlines',\n  KEY `ix` (`note`)\n) ENGINE=InnoDB")]
        [InlineData("CREATE TABLE `a` (`id` int, KEY `ix` (`id`))")]
        [InlineData("INSERT INTO `a` VALUES (1)")]
        public void Leaves_alone_what_it_cannot_or_need_not_defer(string statement)
        {
            Assert.Null(DeferredIndexes.From(statement));
        }
    }
}
