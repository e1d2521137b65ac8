namespace Rostrvm.Core.Reporting
{
    /// <summary>One night of one job in the grid: its outcome (Succeeded, Failed, Skipped, None) and the tooltip.</summary>
    public sealed class GridCell
    {
        public GridCell(string outcome, string text)
        {
            Outcome = outcome;
            Text = text;
        }

        public string Outcome { get; }
        public string Text { get; }
    }
}
