using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Rostrvm.Core.IO;

namespace Rostrvm.Core.Mirror
{
    /// <summary>A mirror that is a folder: a local disk, a UNC path or a mounted share.</summary>
    internal sealed class FolderMirror : IMirrorTarget
    {
        private readonly string _root;

        public FolderMirror(string root)
        {
            _root = root;
            // A share that is not mounted must fail the copy, not grow a local folder in its place.
            if (!Directory.Exists(root))
                throw new DirectoryNotFoundException($"The mirror folder '{root}' does not exist or is not reachable.");
        }

        public string Name => _root;

        private string Full(string relative) => Path.Combine(_root, relative.Replace('/', Path.DirectorySeparatorChar));

        public void Upload(Stream content, string relativePath)
        {
            var path = Full(relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path));
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                FilePermissions.RestrictToOwner(path);
                content.CopyTo(file, 1 << 20);
                file.Flush(flushToDisk: true);
            }
        }

        public Stream OpenRead(string relativePath) =>
            new FileStream(Full(relativePath), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16,
                FileOptions.SequentialScan);

        public void Rename(string relativePath, string newRelativePath) => AtomicFile.ReplaceFile(Full(relativePath),
            Full(newRelativePath));

        public void Delete(string relativePath) => File.Delete(Full(relativePath));

        public IReadOnlyList<MirrorFile> List(string relativeFolder)
        {
            var folder = Full(relativeFolder);
            if (!Directory.Exists(folder)) return new MirrorFile[0];
            return new DirectoryInfo(folder).EnumerateFiles().Select(f => new MirrorFile
            {
                Mirror = Name,
                Name = f.Name,
                RelativePath = relativeFolder.TrimEnd('/') + "/" + f.Name,
                Size = f.Length,
                LastWriteTimeUtc = f.LastWriteTimeUtc,
            }).ToList();
        }

        public void Dispose() { }
    }
}
