using System;
using System.Globalization;
using System.Management.Automation;

namespace Rostrvm.PowerShell.Infrastructure
{
    /// <summary>
    /// Lets a TimeSpan parameter take a plain number as days: <c>-OlderThan 2</c> means two days,
    /// not two ticks (PowerShell's own conversion of an integer to TimeSpan). TimeSpans and
    /// strings such as "1.12:00:00" pass through.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class DaysTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case int days: return TimeSpan.FromDays(days);
                case long days: return TimeSpan.FromDays(days);
                case double days: return TimeSpan.FromDays(days);
                case decimal days: return TimeSpan.FromDays((double)days);
                case string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var days):
                    return TimeSpan.FromDays(days);
                default: return inputData;
            }
        }
    }
}
