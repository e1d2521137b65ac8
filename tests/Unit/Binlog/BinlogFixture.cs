using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Rostrvm.Tests.Unit.Binlog
{
    /// <summary>The committed fixture binlogs, their MANIFEST.tsv row and mariadb-binlog reference text.</summary>
    public sealed class BinlogFixture
    {
        public static string Directory => Path.Combine(AppContext.BaseDirectory, "fixtures", "binlog");

        public string Name { get; private set; } = string.Empty;
        public string FilePath => Path.Combine(Directory, Name);
        public int WalkerEventCount { get; private set; }
        public Dictionary<string, int> TypeCounts { get; } = new Dictionary<string, int>();
        public Dictionary<string, int> InnerTypeCounts { get; } = new Dictionary<string, int>();
        public int CrcOk { get; private set; }
        public string FileEnd { get; private set; } = string.Empty;
        public string Checksum { get; private set; } = string.Empty;

        public static IReadOnlyList<BinlogFixture> All()
        {
            var lines = File.ReadAllLines(Path.Combine(Directory, "MANIFEST.tsv"));
            var header = lines[0].Split('\t');
            int Col(string name) => Array.IndexOf(header, name);
            var result = new List<BinlogFixture>();
            foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
            {
                var f = line.Split('\t');
                var fixture = new BinlogFixture
                {
                    Name = f[Col("local_name")],
                    WalkerEventCount = int.Parse(f[Col("walker_event_count")]),
                    FileEnd = f[Col("file_end")],
                    Checksum = f[Col("checksum")],
                };
                fixture.CrcOk = int.Parse(f[Col("crc_verified")].Split(' ')[0]);
                foreach (var item in f[Col("notable_event_types")].Split(';')[0].Split(','))
                {
                    var kv = item.Split(':');
                    if (kv.Length == 2 && int.TryParse(kv[1], out var n)) fixture.TypeCounts[kv[0]] = n;
                    else if (kv.Length == 3 && kv[0] == "inner") fixture.InnerTypeCounts[kv[1]] = int.Parse(kv[2]);
                }
                result.Add(fixture);
            }
            return result;
        }

        public static BinlogFixture Named(string name) => All().Single(f => f.Name == name);

        public string[] Reference => File.ReadAllLines(FilePath + ".mariadb-binlog.txt");

        /// <summary>The "# at N" positions mariadb-binlog printed, in order.</summary>
        public List<long> ReferencePositions() =>
            Reference.Where(l => l.StartsWith("# at ")).Select(l => long.Parse(l.Substring(5))).ToList();

        private static readonly Regex EndLogPos = new Regex(@"end_log_pos (\d+)");

        public List<long> ReferenceEndPositions() =>
            Reference.Select(l => EndLogPos.Match(l)).Where(m => m.Success).Select(m => long.Parse(m.Groups[1].Value)).ToList();


        /// <summary>The "###   @N=value" lines, in order.</summary>
        public List<string> ReferenceValues() =>
            Reference.Where(l => l.StartsWith("###   @")).Select(l => l.Substring(6).TrimEnd()).ToList();

        public bool ReferenceReachedEnd => Reference.Any(l => l == "# End of log file") && !Reference.Any(l => l.StartsWith("ERROR"));

        public override string ToString() => Name;
    }
}
