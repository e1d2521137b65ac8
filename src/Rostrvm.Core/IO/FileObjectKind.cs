namespace Rostrvm.Core.IO
{
    /// <summary>What an owner-only ACL protects: a folder's entries inherit it, a file's do not.</summary>
    public enum FileObjectKind
    {
        File,
        Folder,
    }
}
