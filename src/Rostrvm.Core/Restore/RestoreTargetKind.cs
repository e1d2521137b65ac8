
namespace Rostrvm.Core.Restore
{
    /// <summary>What the administrator asked to restore to.</summary>
    public enum RestoreTargetKind
    {
        /// <summary>Only the full backup (-Path without a target).</summary>
        BackupOnly,
        /// <summary>Everything committed before a moment (-PointInTime).</summary>
        PointInTime,
        /// <summary>Up to, not including, the event at a binlog position (-StopPosition).</summary>
        Position,
        /// <summary>Up to, not including, the transaction holding an event (-StopBefore).</summary>
        BeforeTransaction,
        /// <summary>Everything in the binlogs (with -ExcludeTransaction: everything but the bad ones).</summary>
        Latest,
    }
}
