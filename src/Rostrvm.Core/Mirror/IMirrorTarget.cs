using System;
using System.Collections.Generic;
using System.IO;

namespace Rostrvm.Core.Mirror
{
    /// <summary>
    /// One mirror destination, whatever it is (a folder or an SFTP server): the few operations
    /// a verified copy, a catch-up and a retention pass need. Paths are relative to the mirror's
    /// root, with '/' separators (backups/rostrvm_920_1.rbk, backups/binlog/rtmbinlog.000012).
    /// </summary>
    public interface IMirrorTarget : IDisposable
    {
        /// <summary>The destination as the settings name it (no secret in it), for messages.</summary>
        string Name { get; }

        /// <summary>Writes a new file from a stream, creating its folders (never over an existing file).</summary>
        void Upload(Stream content, string relativePath);

        /// <summary>Reads a file back.</summary>
        Stream OpenRead(string relativePath);

        /// <summary>Renames a file, replacing what has the new name.</summary>
        void Rename(string relativePath, string newRelativePath);

        void Delete(string relativePath);

        /// <summary>The files of one folder (none when it does not exist).</summary>
        IReadOnlyList<MirrorFile> List(string relativeFolder);
    }
}
