using System;
using System.Collections.Generic;

namespace Rostrvm.Core.Reporting
{
    /// <summary>One line of a plot: its name, colour and points in time order.</summary>
    public sealed class ChartSeries
    {
        public ChartSeries(string name, string color, bool dashed = false)
        {
            Name = name;
            Color = color;
            Dashed = dashed;
        }

        public string Name { get; }
        public string Color { get; }
        /// <summary>A projection rather than a measurement.</summary>
        public bool Dashed { get; }
        public List<KeyValuePair<DateTime, double>> Points { get; } = new List<KeyValuePair<DateTime, double>>();

        public ChartSeries Add(DateTime x, double y)
        {
            Points.Add(new KeyValuePair<DateTime, double>(x, y));
            return this;
        }
    }
}
