using System;
using System.IO;
using Renci.SshNet.Common;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;

namespace Rostrvm.Core.Mirror
{
    /// <summary>
    /// Opens one mirror named in the settings: sftp://user@host:port/path is an SFTP server, anything
    /// else a folder. The one place that tells the kinds apart. A mirror that cannot be reached is
    /// MirrorUnavailable.
    /// </summary>
    public static class MirrorDestination
    {
        public static bool IsRemote(string destination) =>
            destination != null && destination.StartsWith("sftp://", StringComparison.OrdinalIgnoreCase);

        public static IMirrorTarget Open(string destination, MirrorOptions options)
        {
            if (!IsRemote(destination))
            {
                try { return new FolderMirror(destination); }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { throw Unavailable(destination, ex); }
            }
            if (!Uri.TryCreate(destination, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.UserInfo)
                || uri.UserInfo.Contains(":"))
                throw new RostrvmException("MirrorInvalid", FailureKind.InvalidArgument,
                    $"The mirror '{Safe(destination)}' is not sftp://user@host:port/path (no password in it: sftp mirrors log in with an " +
                        "SSH key, see MirrorKeyFile).", Safe(destination));
            var keyFile = KeyFile(options.KeyFile);
            try { return new SftpMirror(uri, keyFile, new MirrorHostKeys(options.HostKeysPath)); }
            catch (MirrorHostKeyException) { throw; }
            catch (Exception ex) when (ex is SshException || ex is IOException || ex is System.Net.Sockets.SocketException
                || ex is TimeoutException || ex is InvalidOperationException)
            {
                throw Unavailable(uri.GetLeftPart(UriPartial.Path), ex);
            }
        }

        private static string KeyFile(string? configured)
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var candidates = configured is { Length: > 0 }
                ? new[] { configured }
                : new[] { Path.Combine(home, ".ssh", "id_ed25519"), Path.Combine(home, ".ssh", "id_rsa") };
            foreach (var candidate in candidates)
            {
                if (!File.Exists(candidate)) continue;
                if (FilePermissions.IsReadableByOthers(candidate))
                    throw new RostrvmException("MirrorKeyInsecure", FailureKind.SecurityError,
                        $"The SSH key '{candidate}' for the sftp mirrors can be read by other users. Make it readable by its owner only " +
                            "(chmod 600).", candidate);
                return candidate;
            }
            throw new RostrvmException("MirrorKeyNotFound", FailureKind.ObjectNotFound,
                $"No SSH key for the sftp mirrors: '{string.Join("', '", candidates)}' does not exist. Set MirrorKeyFile to a private " +
                    "key whose public half is in the mirror account's authorized_keys.", configured);
        }

        /// <summary>A destination for messages: a password someone put in a URI is never repeated.</summary>
        public static string Safe(string destination)
        {
            if (!IsRemote(destination) || !Uri.TryCreate(destination, UriKind.Absolute, out var uri)) return destination;
            var user = uri.UserInfo.Split(':')[0];
            return "sftp://" + user + "@" + uri.Authority.Substring(uri.Authority.IndexOf('@') + 1) + uri.AbsolutePath;
        }

        internal static RostrvmException Unavailable(string mirror, Exception inner) =>
            new RostrvmException("MirrorUnavailable", FailureKind.ResourceUnavailable,
                $"The mirror '{Safe(mirror)}' could not be reached or stopped answering ({inner.Message}). The local files are complete " +
                    "and unchanged; run Sync-RostrvmMirror when the mirror is back.", Safe(mirror), inner);
    }
}
