using System;
using System.Threading;

namespace Rostrvm.Core.Encryption
{
    /// <summary>
    /// The private key the readers of backups and binlog copies use while a cmdlet runs with
    /// -DecryptionKey. It flows with the async calls of that one command only, so the planner, the
    /// restore and the tester open encrypted files in the one place that opens files
    /// (BackupCatalog.OpenText) without a key parameter on every method between.
    /// </summary>
    public static class DecryptionScope
    {
        private static readonly AsyncLocal<DecryptionKey?> s_current = new AsyncLocal<DecryptionKey?>();

        /// <summary>The key of the command running; null when it was given none.</summary>
        public static DecryptionKey? Current => s_current.Value;

        public static IDisposable Use(DecryptionKey? key)
        {
            var previous = s_current.Value;
            s_current.Value = key;
            return new Restore(previous);
        }

        private sealed class Restore : IDisposable
        {
            private readonly DecryptionKey? _previous;
            public Restore(DecryptionKey? previous) { _previous = previous; }
            public void Dispose() => s_current.Value = _previous;
        }
    }
}
