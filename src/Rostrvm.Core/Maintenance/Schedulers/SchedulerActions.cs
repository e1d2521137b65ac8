using System;

namespace Rostrvm.Core.Maintenance.Schedulers
{
    /// <summary>What a scheduler asks of its caller: approval of each change (-WhatIf/-Confirm) and where warnings go.</summary>
    public sealed class SchedulerActions
    {
        /// <summary>Asked before each change with its target and what would be done; false leaves it undone.</summary>
        public Func<string, string, bool> ShouldProcess { get; set; } = (target, action) => true;

        public Action<string> Warning { get; set; } = _ => { };

        /// <summary>The task runs with a stored password (Windows: reaches network shares) instead of S4U.</summary>
        public bool WithPassword { get; set; }
    }
}
