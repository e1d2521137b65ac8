using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using Rostrvm.Core.IO;

namespace Rostrvm.Core.Mirror
{
    /// <summary>
    /// The SSH host keys of the sftp mirrors, pinned on first use in a file beside the settings
    /// (one "host:port key-type SHA256:fingerprint" line each), as ssh's known_hosts does: a server
    /// whose key changes is refused, so a copy never goes to an impostor.
    /// </summary>
    public sealed class MirrorHostKeys
    {
        private readonly string _path;

        public MirrorHostKeys(string path) { _path = path; }

        /// <summary>True when the key is the pinned one (or the first seen for that host, which is then pinned).</summary>
        public bool Check(string hostAndPort, string key, [NotNullWhen(false)] out string? refused)
        {
            refused = null;
            lock (this)
            {
                var lines = File.Exists(_path) ? File.ReadAllLines(_path).ToList() : new List<string>();
                var known = lines.FirstOrDefault(l => l.StartsWith(hostAndPort + " ", StringComparison.Ordinal));
                if (known == null)
                {
                    lines.Add(hostAndPort + " " + key);
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_path)));
                    File.WriteAllLines(_path, lines);
                    FilePermissions.RestrictToOwner(_path);
                    return true;
                }
                if (string.Equals(known.Substring(hostAndPort.Length + 1), key, StringComparison.Ordinal)) return true;
                refused = $"the server at {hostAndPort} showed the host key {key}, not the {known.Substring(hostAndPort.Length + 1)} " +
                    $"pinned in '{_path}'. If the server's key was changed on purpose, remove its line from that file";
                return false;
            }
        }
    }
}
