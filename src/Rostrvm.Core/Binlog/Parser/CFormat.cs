using System.Globalization;

namespace Rostrvm.Core.Binlog
{
    /// <summary>C's printf %g, which .NET's "G" format nearly matches.</summary>
    internal static class CFormat
    {
        public static string G(double value, int precision)
        {
            if (double.IsNaN(value)) return "nan";
            if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
            if (value == 0) return value.ToString(CultureInfo.InvariantCulture) == "-0" ? "-0" : "0";
            var exponent = (int)System.Math.Floor(System.Math.Log10(System.Math.Abs(value)));
            var rounded = double.Parse(value.ToString("E" + (precision - 1), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (rounded != 0) exponent = (int)System.Math.Floor(System.Math.Log10(System.Math.Abs(rounded)));
            if (exponent < -4 || exponent >= precision)
            {
                var mantissa = value.ToString("E" + (precision - 1), CultureInfo.InvariantCulture);
                var parts = mantissa.Split('E');
                var m = parts[0].Contains(".") ? parts[0].TrimEnd('0').TrimEnd('.') : parts[0];
                var e = int.Parse(parts[1], CultureInfo.InvariantCulture);
                return m + "e" + (e < 0 ? "-" : "+") + System.Math.Abs(e).ToString("D2", CultureInfo.InvariantCulture);
            }
            var decimals = System.Math.Max(0, precision - 1 - exponent);
            var fixedText = value.ToString("F" + decimals, CultureInfo.InvariantCulture);
            if (fixedText.Contains(".")) fixedText = fixedText.TrimEnd('0').TrimEnd('.');
            return fixedText;
        }
    }
}
