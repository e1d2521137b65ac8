using System;
using System.Globalization;
using System.Management.Automation;
using Rostrvm.Core.Binlog;

namespace Rostrvm.PowerShell.Infrastructure
{
    /// <summary>
    /// Turns what a script gives -StopPosition into a <see cref="BinlogPosition"/>: a number (a
    /// position of the last file, as the parameter took before it had one type), file:position
    /// text, or an event or transaction of Get-RostrvmBinlogEvent (its File and Position).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class StopPositionTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            // A RostrvmException thrown here reaches the caller as ParameterArgumentTransformationError, its inner exception
            // keeping the id (StopPositionInvalid).
            switch (value)
            {
                case null: return null;
                case BinlogPosition position: return position;
                case string text: return BinlogPosition.Parse(text);
                case sbyte _: case byte _: case short _: case ushort _: case int _: case uint _: case long _:
                    return new BinlogPosition(Convert.ToInt64(value, CultureInfo.InvariantCulture));
            }
            var item = PSObject.AsPSObject(value);
            if (item.Properties["File"]?.Value is string file && item.Properties["Position"]?.Value is object at)
                return new BinlogPosition(file, Convert.ToInt64(at, CultureInfo.InvariantCulture));
            return BinlogPosition.Parse(Convert.ToString(value, CultureInfo.InvariantCulture));
        }
    }
}
