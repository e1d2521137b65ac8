
namespace Rostrvm.Core.Flashback
{
    /// <summary>What undoing one changed row does: put back a deleted row, delete an inserted one,
    /// or set an updated one back to its before-image.</summary>
    public enum InverseKind
    {
        Insert,
        Delete,
        Update,
    }
}
