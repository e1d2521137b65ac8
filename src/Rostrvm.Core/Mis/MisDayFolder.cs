using System;
using System.Globalization;
using System.IO;
using Rostrvm.Core.IO;

namespace Rostrvm.Core.Mis
{
    /// <summary>
    /// A day's extract is replaced as a whole, never file by file, so that a CSV and the
    /// manifest that vouches for it always belong together. The new folder is written as
    /// <c>&lt;day&gt;.rostrvm-partial-xxxx</c>; once complete and flushed it is renamed
    /// <c>&lt;day&gt;.rostrvm-new</c>; the old folder steps aside as <c>&lt;day&gt;.rostrvm-old</c>;
    /// the new one takes the day's name; the old one is deleted. <see cref="Recover"/> finishes or
    /// undoes whatever a killed run left: every step is a rename, so there is always one
    /// complete extract to go back to.
    /// </summary>
    public static class MisDayFolder
    {
        private const string PartialMarker = ".rostrvm-partial-";
        private const string NewSuffix = ".rostrvm-new";
        private const string OldSuffix = ".rostrvm-old";

        public static string Name(DateTime day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        public static string PathOf(string root, DateTime day) => Path.Combine(root, Name(day));

        /// <summary>Creates an empty staging folder for a day (its files are owner-only).</summary>
        public static string Stage(string root, DateTime day)
        {
            var staging = PathOf(root, day) + PartialMarker + Guid.NewGuid().ToString("N").Substring(0, 8);
            FilePermissions.CreateOwnerOnlyFolder(staging);
            return staging;
        }

        /// <summary>Puts a complete staging folder in place of the day's folder.</summary>
        public static void Publish(string staging, string root, DateTime day)
        {
            var final = PathOf(root, day);
            var complete = final + NewSuffix;
            var old = final + OldSuffix;
            DeleteIfExists(complete);
            Directory.Move(staging, complete);
            if (Directory.Exists(final))
            {
                DeleteIfExists(old);
                Directory.Move(final, old);
            }
            Directory.Move(complete, final);
            DeleteIfExists(old);
        }

        /// <summary>Finishes or undoes what an interrupted run left in the extract folder.</summary>
        public static int Recover(string root)
        {
            if (!Directory.Exists(root)) return 0;
            var repaired = 0;
            foreach (var dir in Directory.GetDirectories(root, "*.rostrvm-*"))
            {
                var name = Path.GetFileName(dir);
                if (name.IndexOf(PartialMarker, StringComparison.Ordinal) > 0) { DeleteIfExists(dir); repaired++; }
            }
            foreach (var dir in Directory.GetDirectories(root, "*" + NewSuffix))
            {
                var final = dir.Substring(0, dir.Length - NewSuffix.Length);
                if (Directory.Exists(final) && !Directory.Exists(final + OldSuffix)) DeleteIfExists(dir); // the swap never began
                else
                {
                    if (Directory.Exists(final)) DeleteIfExists(final + OldSuffix);
                    else Directory.Move(dir, final);   // killed between the two renames: the new one is complete
                    DeleteIfExists(dir);
                }
                repaired++;
            }
            foreach (var dir in Directory.GetDirectories(root, "*" + OldSuffix))
            {
                var final = dir.Substring(0, dir.Length - OldSuffix.Length);
                if (Directory.Exists(final)) DeleteIfExists(dir);
                else Directory.Move(dir, final);
                repaired++;
            }
            foreach (var dir in Directory.GetDirectories(root))
                repaired += AtomicFile.RemoveLeftovers(dir);
            return repaired;
        }

        private static void DeleteIfExists(string dir)
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
