using System;
using System.Globalization;

namespace Rostrvm.Core.Reporting
{
    /// <summary>Sizes and ages as people read them, the same in the report and in the console views.</summary>
    public static class Quantities
    {
        private static readonly string[] s_units = { "B", "KB", "MB", "GB", "TB", "PB" };

        /// <summary>Bytes as <c>812 B</c>, <c>12.4 MB</c>, <c>1.1 GB</c> (invariant culture, one decimal above bytes).</summary>
        public static string Size(double bytes)
        {
            var unit = 0;
            while (Math.Abs(bytes) >= 1024 && unit < s_units.Length - 1)
            {
                bytes /= 1024;
                unit++;
            }
            return unit == 0
                ? string.Format(CultureInfo.InvariantCulture, "{0:0} {1}", bytes, s_units[unit])
                : string.Format(CultureInfo.InvariantCulture, "{0:0.0} {1}", bytes, s_units[unit]);
        }

        /// <summary>A span as its two largest units: <c>3d 4h</c>, <c>5h 12m</c>, <c>42m</c>, <c>8s</c>.</summary>
        public static string Age(TimeSpan age)
        {
            if (age < TimeSpan.Zero) age = TimeSpan.Zero;
            if (age.TotalDays >= 1) return string.Format(CultureInfo.InvariantCulture, "{0}d {1}h", (int)age.TotalDays, age.Hours);
            if (age.TotalHours >= 1) return string.Format(CultureInfo.InvariantCulture, "{0}h {1}m", (int)age.TotalHours, age.Minutes);
            if (age.TotalMinutes >= 1) return string.Format(CultureInfo.InvariantCulture, "{0}m", (int)age.TotalMinutes);
            return string.Format(CultureInfo.InvariantCulture, "{0}s", (int)age.TotalSeconds);
        }
    }
}
