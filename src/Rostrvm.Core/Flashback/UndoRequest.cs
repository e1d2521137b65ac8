using System;
using System.Collections.Generic;
using Rostrvm.Core.Connection;

namespace Rostrvm.Core.Flashback
{
    /// <summary>What to undo and where to read it.</summary>
    public sealed class UndoRequest
    {
        public ConnectionOptions? Connection { get; set; }

        /// <summary>The binlog files holding the transactions and what came after them, in order.</summary>
        public IList<string> Files { get; set; } = new List<string>();

        /// <summary>GTIDs (0-1-42, uuid:42) or file:position of any event of each transaction.</summary>
        public IList<string> Transactions { get; set; } = new List<string>();

        /// <summary>Apply the rows without conflict and leave the others (listed in the result).</summary>
        public bool SkipConflicts { get; set; }

        /// <summary>Check the rows while planning (for -WhatIf, a prompt, a script); the apply checks them again under lock
        /// anyway.</summary>
        public bool CheckWhilePlanning { get; set; } = true;

        /// <summary>The connection, which every undo needs; a request without one is a caller's mistake.</summary>
        internal ConnectionOptions RequireConnection() =>
            Connection ?? throw new InvalidOperationException("The undo request names no connection (UndoRequest.Connection).");
    }
}
