using System.Collections.Generic;
using System.Linq;
using Rostrvm.Core.Backup;
using Xunit;

namespace Rostrvm.Tests.Unit.Backup
{
    public class DumpTableTests
    {
        [Fact]
        public void Generated_columns_are_not_selected_and_binary_columns_come_raw()
        {
            var table = new DumpTable
            {
                Name = "t",
                Columns = new List<DumpColumn>
                {
                    new DumpColumn { Name = "id", DataType = "int", Kind = DumpColumn.KindOf("int") },
                    new DumpColumn { Name = "body", DataType = "longblob", Kind = DumpColumn.KindOf("longblob") },
                    new DumpColumn { Name = "name", DataType = "varchar", CharacterSet = "latin1", Kind = DumpColumn.KindOf("varchar") },
                    new DumpColumn { Name = "flags", DataType = "bit", Kind = DumpColumn.KindOf("bit") },
                },
            };
            var expected = new[] { DumpValueKind.Plain, DumpValueKind.BinaryQuoted, DumpValueKind.Quoted, DumpValueKind.Plain };
            Assert.Equal(expected.Select(k => k | DumpValueKind.MaybeNull), table.ValueKinds());
            Assert.Equal("CAST(`id` AS BINARY),`body`,CAST(CONVERT(`name` USING utf8mb4) AS BINARY),CAST(`flags`+0 AS BINARY)",
                table.SelectList(wireRows: false));
            Assert.Equal("`id`,`body`,`name`,`flags`+0", table.SelectList(wireRows: true));
            Assert.Equal("INSERT INTO `t` (`id`,`body`,`name`,`flags`) VALUES ", table.InsertPrefix());
        }
    }
}
