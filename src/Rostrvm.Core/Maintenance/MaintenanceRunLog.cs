using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO;
using System.Text;
using Rostrvm.Core.IO;

namespace Rostrvm.Core.Maintenance
{
    /// <summary>
    /// The transcript of one maintenance run, written line by line into the log folder (so the
    /// log job compresses it two days later like any other log). Written directly rather than by
    /// Start-Transcript, which loses host lines around the nested pipelines the jobs run in.
    /// </summary>
    public sealed class MaintenanceRunLog : IDisposable
    {
        private StreamWriter? _writer;

        private MaintenanceRunLog(string path, StreamWriter writer)
        {
            Path = path;
            _writer = writer;
        }

        public string Path { get; }

        /// <summary>Opens (appends to) the log; null with the reason when it cannot be written.</summary>
        public static MaintenanceRunLog? Open(string path, [NotNullWhen(false)] out string? problem)
        {
            problem = null;
            try
            {
                FilePermissions.CreateOwnerOnlyFolder(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)));
                var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
                FilePermissions.RestrictToOwner(path);
                return new MaintenanceRunLog(path, new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" });
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                problem = ex.Message;
                return null;
            }
        }

        public void Write(string line)
        {
            if (_writer == null) return;
            try
            {
                foreach (var part in (line ?? string.Empty).Replace("\r\n", "\n").Split('\n'))
                    _writer.WriteLine(DateTimeOffset.Now.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture) + " " + part);
            }
            catch (IOException)
            {
                // A full disk must not stop the maintenance; the history still records the run.
            }
        }

        public void Dispose()
        {
            _writer?.Dispose();
            _writer = null;
        }
    }
}
