using System;

namespace Rostrvm.Core.Flashback
{
    /// <summary>What Undo-RostrvmTransaction did (or, with -WhatIf, would do).</summary>
    public sealed class UndoResult
    {
        /// <summary>The transactions undone: GTID, else file:position.</summary>
        public string[] Transactions { get; set; } = Array.Empty<string>();
        public UndoTableCount[] Tables { get; set; } = Array.Empty<UndoTableCount>();
        public int RowsRestored { get; set; }
        public UndoConflict[] Conflicts { get; set; } = Array.Empty<UndoConflict>();

        /// <summary>True when the undo was committed on the server.</summary>
        public bool Applied { get; set; }

        /// <summary>The GTID the server gave the undo transaction (MariaDB); null when not applied or not known.</summary>
        public string? UndoGtid { get; set; }

        /// <summary>-ScriptOnly: the script written.</summary>
        public string? ScriptPath { get; set; }
        public string[] Warnings { get; set; } = Array.Empty<string>();
    }
}
