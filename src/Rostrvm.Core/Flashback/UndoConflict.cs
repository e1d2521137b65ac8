namespace Rostrvm.Core.Flashback
{
    /// <summary>A row the undo would change that is no longer as the bad transaction left it.</summary>
    public sealed class UndoConflict
    {
        public string Table { get; set; } = "";

        /// <summary>The row's key (or its whole image where the table has no key), as column=literal pairs.</summary>
        public string? Key { get; set; }

        /// <summary>What the bad transaction did to the row: Insert, Update or Delete.</summary>
        public string Operation { get; set; } = "";

        /// <summary>The first later transaction (GTID, else file:position) that changed the row; null when the binlogs read do not show
        /// one.</summary>
        public string? ChangedBy { get; set; }
    }
}
