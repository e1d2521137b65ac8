using System.Text;

namespace Rostrvm.Core.Maintenance
{
    /// <summary>One file a scheduler reads: a systemd unit, the cron file, or a task XML.</summary>
    public sealed class TaskFile
    {
        public TaskFile(string path, string content, Encoding? encoding = null)
        {
            Path = path;
            Content = content;
            Encoding = encoding ?? new UTF8Encoding(false);
        }

        public string Path { get; }
        public string Content { get; }
        public Encoding Encoding { get; }
    }
}
