using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace Rostrvm.Core.IO
{
    /// <summary>
    /// The Windows side of owner-only files as SDDL text (docs/ARCHITECTURE.md, safety rule 7):
    /// the access list the module gives what it creates, and who else an existing access list
    /// lets read. Pure string work, so it is tested on every platform; only
    /// <c>Windows/WindowsFileAcl</c> hands the text to Windows.
    /// </summary>
    public static class FileAclSddl
    {
        public const string SystemSid = "S-1-5-18";
        public const string AdministratorsSid = "S-1-5-32-544";

        private static readonly Regex s_sid = new Regex(@"^S-1-\d+(-\d+)+$", RegexOptions.CultureInvariant);
        private static readonly Regex s_ace = new Regex(@"\((?<ace>[^()]*)\)", RegexOptions.CultureInvariant);

        // Well-known SDDL aliases an access list read back from Windows may use.
        private static readonly Dictionary<string, string> s_aliases = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SY"] = SystemSid, ["BA"] = AdministratorsSid, ["WD"] = "S-1-1-0", ["AU"] = "S-1-5-11", ["BU"] = "S-1-5-32-545",
            ["BG"] = "S-1-5-32-546", ["IU"] = "S-1-5-4", ["NU"] = "S-1-5-2", ["AN"] = "S-1-5-7", ["CO"] = "S-1-3-0",
            ["OW"] = "S-1-3-4", ["LS"] = "S-1-5-19", ["NS"] = "S-1-5-20", ["PU"] = "S-1-5-32-547", ["RD"] = "S-1-5-32-555",
        };

        // Access-mask letters of SDDL that include reading a file's data (FILE_READ_DATA is 0x1).
        private static readonly Dictionary<string, uint> s_rights = new Dictionary<string, uint>(StringComparer.Ordinal)
        {
            ["GA"] = 0x10000000, ["GR"] = 0x80000000, ["GW"] = 0x40000000, ["GX"] = 0x20000000,
            ["FA"] = 0x1F01FF, ["FR"] = 0x120089, ["FW"] = 0x120116, ["FX"] = 0x1200A0,
            ["CC"] = 0x1, ["DC"] = 0x2, ["LC"] = 0x4, ["SW"] = 0x8, ["RP"] = 0x10, ["WP"] = 0x20,
            ["RC"] = 0x20000, ["WD"] = 0x40000, ["WO"] = 0x80000, ["SD"] = 0x10000,
        };

        private const uint ReadMask = 0x1 | 0x80000000 | 0x10000000;

        /// <summary>
        /// A protected access list (inheritance from the parent folder off) giving full control to
        /// each of <paramref name="accountSids"/>, SYSTEM and Administrators and to nobody else; a
        /// folder's entries are inherited by what is created in it.
        /// </summary>
        public static string For(FileObjectKind kind, IEnumerable<string> accountSids)
        {
            var inherit = kind == FileObjectKind.Folder ? "OICI" : string.Empty;
            var sids = new List<string>();
            foreach (var sid in accountSids.Concat(new[] { SystemSid, AdministratorsSid }))
            {
                if (!s_sid.IsMatch(sid))
                    throw new ArgumentException($"'{sid}' is not a security identifier (S-1-...).", nameof(accountSids));
                if (!sids.Contains(sid, StringComparer.OrdinalIgnoreCase)) sids.Add(sid);
            }
            return "D:P" + string.Concat(sids.Select(sid => "(A;" + inherit + ";FA;;;" + Alias(sid) + ")"));
        }

        /// <summary>
        /// The accounts (SIDs) other than the owner, <paramref name="alsoAllowed"/>, SYSTEM and
        /// Administrators that an access list lets read the file's data; empty when the file is private.
        /// </summary>
        public static IReadOnlyList<string> OtherReaders(string sddl, IEnumerable<string> alsoAllowed)
        {
            var allowed = new HashSet<string>(alsoAllowed.Select(Resolve), StringComparer.OrdinalIgnoreCase)
                { SystemSid, AdministratorsSid };
            var owner = Regex.Match(sddl, @"O:(?<sid>S-1-[0-9-]+|[A-Z]{2})", RegexOptions.CultureInvariant);
            if (owner.Success) allowed.Add(Resolve(owner.Groups["sid"].Value));
            var dacl = DaclPart(sddl);
            var readers = new List<string>();
            if (dacl == null) return new[] { "S-1-1-0" }; // no access list at all: everyone has every right
            foreach (Match match in s_ace.Matches(dacl))
            {
                var fields = match.Groups["ace"].Value.Split(';');
                if (fields.Length < 6 || fields[0] != "A" || fields[1].Contains("IO")) continue;
                if ((Mask(fields[2]) & ReadMask) == 0) continue;
                var sid = Resolve(fields[5]);
                if (!allowed.Contains(sid) && !readers.Contains(sid, StringComparer.OrdinalIgnoreCase)) readers.Add(sid);
            }
            return readers;
        }

        private static string? DaclPart(string sddl)
        {
            var start = sddl.IndexOf("D:", StringComparison.Ordinal);
            if (start < 0) return null;
            var end = sddl.IndexOf("S:", start, StringComparison.Ordinal);
            var dacl = end < 0 ? sddl.Substring(start + 2) : sddl.Substring(start + 2, end - start - 2);
            return dacl.StartsWith("NO_ACCESS_CONTROL", StringComparison.Ordinal) ? null : dacl;
        }

        private static uint Mask(string rights)
        {
            if (rights.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                return uint.TryParse(rights.Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) ? hex : 0;
            uint mask = 0;
            for (var i = 0; i + 1 < rights.Length; i += 2)
                if (s_rights.TryGetValue(rights.Substring(i, 2), out var bits)) mask |= bits;
            return mask;
        }

        private static string Resolve(string sidOrAlias) => s_aliases.TryGetValue(sidOrAlias, out var sid) ? sid : sidOrAlias;

        private static string Alias(string sid) => sid == SystemSid ? "SY" : sid == AdministratorsSid ? "BA" : sid;
    }
}
