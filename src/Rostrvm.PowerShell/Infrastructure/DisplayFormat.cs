using System;
using System.Globalization;
using System.Management.Automation;
using Rostrvm.Core.Reporting;

namespace Rostrvm.PowerShell.Infrastructure
{
    /// <summary>
    /// The one date and size style of every format view (docs/CONVENTIONS.md): local ISO times
    /// (<c>2026-12-02 14:05:09</c>) and sizes such as <c>12.4 MB</c>. The views call it as
    /// <c>[Rostrvm.PowerShell.Infrastructure.DisplayFormat]::Size($_.Size)</c>; it takes plain
    /// objects so values that came over remoting (deserialized) format the same.
    /// </summary>
    public static class DisplayFormat
    {
        /// <summary>Bytes as <c>812 B</c>, <c>12.4 MB</c>, <c>1.1 GB</c> (invariant culture, one decimal above bytes).</summary>
        public static string Size(object? bytes)
        {
            var value = Unwrap(bytes);
            if (value == null) return string.Empty;
            try { return Quantities.Size(Convert.ToDouble(value, CultureInfo.InvariantCulture)); }
            catch (Exception ex) when (ex is FormatException || ex is InvalidCastException) { return value.ToString(); }
        }

        /// <summary>A moment as local <c>yyyy-MM-dd HH:mm:ss</c>; UTC values are converted, empty for null.</summary>
        public static string Time(object? moment)
        {
            switch (Unwrap(moment))
            {
                case null: return string.Empty;
                case DateTime time:
                    var local = time.Kind == DateTimeKind.Utc ? time.ToLocalTime() : time;
                    return local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                case DateTimeOffset offset:
                    return offset.LocalDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                case var other: return other.ToString();
            }
        }

        /// <summary>
        /// A UTC moment (the <c>...Utc</c> properties; an unspecified kind is taken as UTC) as local
        /// <c>yyyy-MM-dd HH:mm:ss</c> with the local UTC offset (<c>+01:00</c>), for plans and results.
        /// </summary>
        public static string TimeWithOffset(object? utcMoment)
        {
            switch (Unwrap(utcMoment))
            {
                case null: return string.Empty;
                case DateTime time:
                    var local = time.Kind == DateTimeKind.Local ? time : DateTime.SpecifyKind(time, DateTimeKind.Utc).ToLocalTime();
                    return new DateTimeOffset(local).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
                case DateTimeOffset value:
                    return value.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
                case var other: return other.ToString();
            }
        }

        /// <summary>Seconds of a TimeSpan (or a number of seconds) as <c>12.3</c>.</summary>
        public static string Seconds(object? duration)
        {
            switch (Unwrap(duration))
            {
                case null: return string.Empty;
                case TimeSpan span: return span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
                case var other:
                    try { return Convert.ToDouble(other, CultureInfo.InvariantCulture).ToString("0.0", CultureInfo.InvariantCulture); }
                    catch (Exception ex) when (ex is FormatException || ex is InvalidCastException) { return other.ToString(); }
            }
        }

        /// <summary>A span as its two largest units: <c>3d 4h</c>, <c>5h 12m</c>, <c>42m</c>, <c>8s</c>; empty for null.</summary>
        public static string Age(object? span) => Unwrap(span) is TimeSpan age ? Quantities.Age(age)
            : Unwrap(span)?.ToString() ?? string.Empty;

        /// <summary>The file name of a path written on any platform (<c>C:\x\y.rbk</c> or <c>/x/y.rbk</c>).</summary>
        public static string Leaf(object? path)
        {
            var text = Unwrap(path)?.ToString();
            if (text == null || text.Length == 0) return string.Empty;
            var cut = Math.Max(text.LastIndexOf('/'), text.LastIndexOf('\\'));
            return cut < 0 ? text : text.Substring(cut + 1);
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
    }
}
