namespace Rostrvm.Core.Flashback
{
    /// <summary>Rows of one table an undo puts back (or would), and those it leaves for conflicts.</summary>
    public sealed class UndoTableCount
    {
        public string Table { get; set; } = "";
        public int Rows { get; set; }
        public int Conflicts { get; set; }
        public override string ToString() => Conflicts == 0 ? $"{Table}: {Rows}" : $"{Table}: {Rows} ({Conflicts} in conflict)";
    }
}
