using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Rostrvm.Core.Mirror
{
    /// <summary>
    /// A mirror on an SFTP server (sftp://user@host:port/path), logged in with an SSH key, never a
    /// password. The server's host key is pinned on first use (<see cref="MirrorHostKeys"/>); a
    /// changed key refuses the connection.
    /// </summary>
    internal sealed class SftpMirror : IMirrorTarget
    {
        private readonly SftpClient _client;
        private readonly string _root;

        public SftpMirror(Uri uri, string keyFile, MirrorHostKeys hostKeys)
        {
            Name = uri.GetLeftPart(UriPartial.Path);
            _root = "/" + Uri.UnescapeDataString(uri.AbsolutePath).Trim('/');
            var user = Uri.UnescapeDataString(uri.UserInfo ?? string.Empty);
            var port = uri.Port > 0 ? uri.Port : 22;
            PrivateKeyFile key;
            using (var stream = File.OpenRead(keyFile)) key = new PrivateKeyFile(stream);
            _client = new SftpClient(uri.Host, port, user, key);
            // A server that dies mid-copy must fail the copy within a minute, not hang the nightly job.
            _client.ConnectionInfo.Timeout = TimeSpan.FromSeconds(20);
            _client.OperationTimeout = TimeSpan.FromSeconds(60);
            string? refused = null;
            _client.HostKeyReceived += (sender, e) =>
            {
                e.CanTrust = hostKeys.Check(uri.Host + ":" + port, e.HostKeyName + " SHA256:" + e.FingerPrintSHA256, out refused);
            };
            try { _client.Connect(); }
            catch (SshConnectionException) when (refused != null)
            {
                _client.Dispose();
                throw new MirrorHostKeyException(Name, refused);
            }
            catch
            {
                _client.Dispose();
                throw;
            }
        }

        public string Name { get; }

        private string Full(string relative) => _root.TrimEnd('/') + "/" + relative.TrimStart('/');

        public void Upload(Stream content, string relativePath)
        {
            var path = Full(relativePath);
            CreateFolders(path.Substring(0, path.LastIndexOf('/')));
            _client.UploadFile(content, path, false);
        }

        private void CreateFolders(string folder)
        {
            var current = string.Empty;
            foreach (var part in folder.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries))
            {
                current += "/" + part;
                if (!_client.Exists(current)) _client.CreateDirectory(current);
            }
        }

        public Stream OpenRead(string relativePath) => _client.OpenRead(Full(relativePath));

        public void Rename(string relativePath, string newRelativePath)
        {
            var target = Full(newRelativePath);
            // posix-rename replaces in one step on OpenSSH; plain SFTP rename refuses an existing target.
            if (_client.ConnectionInfo.ServerVersion != null && _client.Exists(target))
            {
                try
                {
                    _client.RenameFile(Full(relativePath), target, true);
                    return;
                }
                catch (NotSupportedException) { _client.DeleteFile(target); }
            }
            _client.RenameFile(Full(relativePath), target);
        }

        public void Delete(string relativePath) => _client.DeleteFile(Full(relativePath));

        public IReadOnlyList<MirrorFile> List(string relativeFolder)
        {
            var folder = Full(relativeFolder);
            if (!_client.Exists(folder)) return new MirrorFile[0];
            return _client.ListDirectory(folder).Where(f => f.IsRegularFile).Select(f => new MirrorFile
            {
                Mirror = Name,
                Name = f.Name,
                RelativePath = relativeFolder.TrimEnd('/') + "/" + f.Name,
                Size = f.Length,
                LastWriteTimeUtc = f.LastWriteTimeUtc,
            }).ToList();
        }

        public void Dispose()
        {
            try { if (_client.IsConnected) _client.Disconnect(); }
            catch (Exception ex) when (ex is SshException || ex is IOException || ex is System.Net.Sockets.SocketException
                || ex is ObjectDisposedException) { }
            _client.Dispose();
        }
    }
}
