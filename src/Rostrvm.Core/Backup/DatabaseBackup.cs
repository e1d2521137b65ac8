using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Connection;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;
using Rostrvm.Core.Jobs;
using Rostrvm.Core.Runtime;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// Backup-RostrvmDatabase: a consistent logical dump of one database into the next .rbk of
    /// the cycle. Several connections read in ONE snapshot (see <see cref="SharedSnapshot"/>);
    /// each worker formats its key ranges into bounded pieces of whole INSERT statements (and
    /// compresses them for .rbk.gz and .rbk.zst); one writer puts them into a temporary file as they
    /// come and hashes the text as it goes. The file is read back, the completion line (row counts,
    /// digests, SHA-256) appended and checked, and only then does the file replace its slot.
    /// </summary>
    public static class DatabaseBackup
    {
        private const string Activity = "Backing up database";

        /// <summary>Each dump connection's read buffer: rows up to this size are read in place (see <see
        /// cref="ConnectorReadBuffer"/>).</summary>
        private const int ReadBufferBytes = 1 << 20;

        /// <summary>Values in UTC and utf8mb4 whatever the server's defaults; long reads never time out.</summary>
        private const string SessionSetup = "SET SESSION time_zone = '+00:00', SESSION character_set_results = utf8mb4, SESSION " +
            "net_write_timeout = 3600, SESSION net_read_timeout = 3600";

        public static async Task<BackupInfo> RunAsync(BackupOptions options, IJobReporter reporter, CancellationToken token)
        {
            reporter = reporter ?? SilentReporter.Instance;
            var watch = Stopwatch.StartNew();
            var database = options.Connection.Database ??
                throw new ArgumentException("The backup options name no database.", nameof(options));
            CheckFolder(options.Folder);

            MySqlConnection? coordinator = null;
            var workers = new List<MySqlConnection>();
            SharedSnapshot? snapshot = null;
            AtomicFile? file = null;
            DumpFileWriter? writer = null;
            try
            {
                coordinator = await OpenDedicatedAsync(options.Connection, token).ConfigureAwait(false);
                // Definitions read in UTC too (SHOW CREATE TABLE shows TIMESTAMP defaults in the session's zone).
                await ServerCommand.ExecuteAsync(coordinator, SessionSetup, token).ConfigureAwait(false);
                var server = await ServerInfo.ReadAsync(coordinator, token).ConfigureAwait(false);
                var held = await PrivilegeCheck.HeldAsync(coordinator, database, token).ConfigureAwait(false);
                var missing = PrivilegeCheck.Missing(PrivilegeCheck.Required("Backup", server.IsMariaDb), held);
                if (missing.Count > 0)
                    throw new RostrvmException("MissingPrivilege", FailureKind.PermissionDenied,
                        $"User '{options.Connection.UserName}' lacks the privilege(s) {string.Join(", ", missing)} needed to back up " +
                            $"'{database}'. Grant them to the backup account, or use another account.",
                        string.Join(", ", missing));
                if (!server.BinaryLogging)
                    reporter.Warning($"Binary logging is off on {options.Connection.Server}: the backup has no binlog coordinates, so no " +
                        "point-in-time restore can start from it.");
                await TakeBackupLockAsync(coordinator, database, options.LockTimeoutSeconds, token).ConfigureAwait(false);
                RemoveLeftovers(options.Folder, options.VersionNumber, reporter);

                for (var i = 0; i < Math.Max(1, options.Workers); i++)
                {
                    token.ThrowIfCancellationRequested();
                    workers.Add(OpenDumpConnection(options.Connection));
                }

                reporter.Progress(new JobProgress(Activity, "Starting a consistent snapshot"));
                snapshot = SharedSnapshot.For(server.IsMariaDb);
                var coordinates = await snapshot.StartAsync(coordinator, workers, held.Contains("RELOAD") || held.Contains("SUPER"),
                    reporter, token).ConfigureAwait(false);
                while (workers.Count > coordinates.Workers)
                {
                    workers[workers.Count - 1].Dispose();
                    workers.RemoveAt(workers.Count - 1);
                }
                reporter.Verbose($"Snapshot at {coordinates.BinlogFile}:{coordinates.BinlogPosition} GTID '{coordinates.Gtid}' " +
                    $"({coordinates.Method}, {coordinates.Workers} connection(s)).");

                var schema = await DatabaseSchema.ReadAsync(coordinator, database, token).ConfigureAwait(false);
                var existing = BackupCatalog.List(options.Folder);
                var slot = BackupCycle.ChooseSlot(existing, options.VersionNumber, options.Cycle);
                var finalPath = Path.Combine(options.Folder, BackupCycle.FileName(options.VersionNumber, slot, options.Compression));
                reporter.Verbose($"Writing slot {slot}: {finalPath}.");
                // The temporary file exists before any table is read (the kill tests look for it).
                file = CreateFile(finalPath);
                var plan = await DumpPlan.BuildAsync(schema, coordinator, options, workers.Count, token).ConfigureAwait(false);
                var header = new BackupHeader
                {
                    Database = database,
                    Flavor = server.Flavor,
                    ServerVersion = server.Version,
                    ServerId = server.ServerId,
                    Host = options.Connection.Server,
                    SnapshotTimeUtc = coordinates.TimeUtc,
                    BinlogFile = coordinates.BinlogFile,
                    BinlogPosition = coordinates.BinlogPosition,
                    Gtid = coordinates.Gtid,
                    BinlogFormat = server.BinlogFormat,
                    SnapshotMethod = coordinates.Method,
                    Tool = "Rostrvm " + typeof(DatabaseBackup).Assembly.GetName().Version,
                    Tables = schema.Tables.Select(t => new BackupTableEntry { Name = t.Name, Chunks = plan.Chunks.Count(c =>
                        c.Table == t) }).ToList(),
                    Views = schema.Views.Select(v => v.Name).ToList(),
                    Routines = schema.Routines.Select(r => r.Kind.ToLowerInvariant() + " " + r.Name).ToList(),
                    Triggers = schema.Triggers.Select(t => t.Name).ToList(),
                    Events = schema.Events.Select(e => e.Name).ToList(),
                };

                var statementBytes = (int)Math.Max(16 * 1024, Math.Min(options.StatementBytes, server.MaxAllowedPacket - 64 * 1024));

                var preamble = SqlText.Utf8.GetBytes(BackupHeader.Preamble(header));
                writer = new DumpFileWriter(file.Stream, BackupCodec.For(options.Compression), preamble, options.Folder);
                writer.WriteText(plan.Head);
                await RunWorkersAsync(plan, workers, writer, statementBytes, options, reporter, token).ConfigureAwait(false);
                writer.WriteText(plan.Tail);
                var sha = writer.EndBody();
                reporter.Verbose($"Dumped {writer.TotalTextBytes} bytes of SQL in {watch.Elapsed.TotalSeconds:F2} s.");
                await CheckUnchangedAsync(coordinator, schema, token).ConfigureAwait(false);

                foreach (var worker in workers) ServerCommand.Execute(worker, "COMMIT");
                await snapshot.ReleaseAsync(coordinator, token).ConfigureAwait(false);
                snapshot = null;
                foreach (var worker in workers) worker.Dispose();
                workers.Clear();
                // The connector's buffers for rows of many MB are garbage now: freed before the read-back adds its own.
                if (plan.Chunks.Any(c => c.Table.RowsAverageNear(statementBytes))) GC.Collect();

                reporter.Progress(new JobProgress(Activity, "Verifying the written file", 99));
                // The body goes to disk while it is read back (the stream is idle meanwhile).
                var stream = (FileStream)file.Stream;
                Guard(() => stream.Flush(), options.Folder);
                var syncing = Task.Factory.StartNew(() => Guard(() => stream.Flush(flushToDisk: true), options.Folder),
                    CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                var verifying = Stopwatch.StartNew();
                TimeSpan readBack;
                try { writer.VerifyAgainst(file.TemporaryPath, token); }
                finally { readBack = verifying.Elapsed; try { syncing.Wait(); } catch (AggregateException) { } }
                await syncing.ConfigureAwait(false);
                reporter.Verbose($"Read back and verified at {watch.Elapsed.TotalSeconds:F2} s (read in {readBack.TotalSeconds:F2} s, on " +
                    $"disk after {verifying.Elapsed.TotalSeconds:F2} s).");
                var tables = header.Tables.Select(t => new BackupTableEntry { Name = t.Name, Rows = plan.Digests[t.Name].Rows,
                    Digest = plan.Digests[t.Name].Hex }).ToList();
                var completion = new BackupCompletion
                {
                    Rows = tables.Sum(t => t.Rows),
                    Bytes = writer.TotalTextBytes,
                    Sha256 = sha,
                    Tables = tables.Count,
                    CompletedUtc = DateTime.UtcNow,
                    DurationSeconds = Math.Round(watch.Elapsed.TotalSeconds, 3),
                    TableEntries = tables,
                };
                writer.WriteCompletion(completion.ToLine() + "\n");
                Guard(() => file.Flush(), options.Folder);
                var written = BackupCatalog.Read(file.TemporaryPath);
                if (!written.Complete || written.Sha256 != sha || written.Rows != completion.Rows)
                    throw new RostrvmException("BackupVerificationFailed", FailureKind.WriteError,
                        $"The backup written to '{file.TemporaryPath}' did not read back complete ({written.Problem}). Nothing was " +
                            "replaced; check the disk and run the backup again.", finalPath);
                BackupInfo result;
                if (options.EncryptFor != null)
                {
                    // The verified plain file is encrypted into place and removed: only the .gpg stays.
                    result = BackupCatalog.Read(file.TemporaryPath);
                    reporter.Progress(new JobProgress(Activity, "Encrypting for key " + options.EncryptFor.KeyId, 99));
                    finalPath = Path.Combine(options.Folder, BackupCycle.FileName(options.VersionNumber, slot, options.Compression,
                        encrypted: true));
                    Guard(() => Encryption.OpenPgpWriter.EncryptFile(file.TemporaryPath, finalPath, options.EncryptFor, token),
                        options.Folder);
                    file.Dispose();
                    var encrypted = new FileInfo(finalPath);
                    result.Path = encrypted.FullName;
                    result.Name = encrypted.Name;
                    result.Slot = slot; // read from the temporary file, whose name has no slot
                    result.FileSize = encrypted.Length;
                    result.LastWriteTime = encrypted.LastWriteTime;
                    result.Encrypted = true;
                }
                else
                {
                    file.Commit();
                    result = BackupCatalog.Read(finalPath);
                }
                // The same slot's other forms (.rbk, .rbk.gz, .rbk.zst, encrypted or not) are now the older backup of that slot.
                foreach (var name in BackupCycle.FileNames(options.VersionNumber, slot))
                {
                    var otherForm = Path.Combine(options.Folder, name);
                    if (!string.Equals(otherForm, finalPath, StringComparison.Ordinal) && File.Exists(otherForm)) File.Delete(otherForm);
                }

                result.Duration = watch.Elapsed;
                reporter.Verbose($"Backup complete: {result.Rows} rows in {result.Tables} tables, {result.Bytes} bytes of " +
                    $"SQL, {watch.Elapsed.TotalSeconds:F1} s.");
                return result;
            }
            catch (MySqlException ex)
            {
                throw Translate(ex, options.Connection);
            }
            finally
            {
                if (snapshot != null && coordinator != null)
                {
                    try { await snapshot.ReleaseAsync(coordinator, CancellationToken.None)
                        .ConfigureAwait(false); } catch (MySqlException) { } catch (InvalidOperationException) { }
                }
                foreach (var worker in workers) worker.Dispose();
                coordinator?.Dispose();
                file?.Dispose();
                writer?.Dispose();
            }
        }

        /// <summary>
        /// A killed backup leaves its temporary file (never a file under a final name). Holding
        /// the database's backup lock, no other backup of the cycle can be writing one now.
        /// </summary>
        private static void RemoveLeftovers(string folder, string versionNumber, IJobReporter reporter)
        {
            foreach (var file in Directory.EnumerateFiles(folder, "rostrvm_" + versionNumber + "_*" + AtomicFile.TemporarySuffix))
            {
                try { File.Delete(file); reporter.Verbose($"Removed '{file}', left by an interrupted backup."); }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }

        /// <summary>
        /// Backup sessions hold a snapshot, metadata locks and the named backup lock: they are
        /// never returned to the pool, so closing them (or the process dying) releases everything.
        /// </summary>
        private static async Task<MySqlConnection> OpenDedicatedAsync(ConnectionOptions options, CancellationToken token)
        {
            var connection = NewDedicatedConnection(options);
            try
            {
                await connection.OpenAsync(token).ConfigureAwait(false);
                return connection;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                connection.Dispose();
                throw ConnectionFactory.Translate(ex, options);
            }
        }

        private static MySqlConnection NewDedicatedConnection(ConnectionOptions options) =>
            new MySqlConnection(new MySqlConnectionStringBuilder(ConnectionFactory.BuildConnectionString(options,
                true)) { Pooling = false }.ConnectionString);

        /// <summary>
        /// A dump connection: opened, set up and read only with blocking calls, so its socket
        /// stays a blocking one (see <see cref="SharedSnapshot"/>). Not pooled, like the coordinator.
        /// </summary>
        private static MySqlConnection OpenDumpConnection(ConnectionOptions options)
        {
            var connection = NewDedicatedConnection(options);
            try
            {
                connection.Open();
                ServerCommand.Execute(connection, SessionSetup);
                ServerCommand.Execute(connection, "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                ConnectorReadBuffer.TryEnlarge(connection, ReadBufferBytes);
                return connection;
            }
            catch (Exception ex)
            {
                connection.Dispose();
                throw ConnectionFactory.Translate(ex, options);
            }
        }

        private static AtomicFile CreateFile(string finalPath)
        {
            try { return AtomicFile.Create(finalPath, ownerOnly: true); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw FolderNotWritable(Path.GetDirectoryName(finalPath), ex);
            }
        }

        /// <summary>Fails before touching the server when the folder is missing or cannot take files.</summary>
        public static void CheckFolder(string folder)
        {
            if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
                throw new RostrvmException("BackupFolderNotFound", FailureKind.ObjectNotFound,
                    $"The backup folder '{folder}' does not exist. Create it, or give another with -Path (or BackupPath in the settings).",
                        folder);
            var probe = Path.Combine(folder, ".rostrvm-probe-" + Guid.NewGuid().ToString("N").Substring(0, 8) + AtomicFile.TemporarySuffix);
            try
            {
                using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write)) { }
                File.Delete(probe);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw FolderNotWritable(folder, ex);
            }
        }

        private static RostrvmException FolderNotWritable(string folder, Exception ex) =>
            new RostrvmException("BackupFolderNotWritable", FailureKind.PermissionDenied,
                $"Cannot create files in the backup folder '{folder}': {ex.Message} Give the account write access, or choose another " +
                    "folder with -Path.", folder, ex);

        internal static void Guard(Action write, string folder)
        {
            try { write(); }
            catch (IOException ex) when (IsDiskFull(ex))
            {
                throw new RostrvmException("DiskFull", FailureKind.WriteError,
                    $"The disk holding '{folder}' is full. The partial backup was removed and the existing backups are untouched; free " +
                        "some space (or choose another folder with -Path) and run the backup again.", folder, ex);
            }
            catch (IOException ex)
            {
                throw new RostrvmException("BackupWriteFailed", FailureKind.WriteError,
                    $"Writing the backup into '{folder}' failed: {ex.Message} The existing backups are untouched.", folder, ex);
            }
        }
        private static bool IsDiskFull(IOException io) => Rostrvm.Core.IO.DiskFull.Is(io);

        private static async Task TakeBackupLockAsync(MySqlConnection connection, string database, int timeoutSeconds,
            CancellationToken token)
        {
            using (var command = new MySqlCommand("SELECT GET_LOCK(@name, @timeout)", connection))
            {
                command.Parameters.AddWithValue("@name", "rostrvm.backup." + database);
                command.Parameters.AddWithValue("@timeout", timeoutSeconds);
                var got = await command.ExecuteScalarAsync(token).ConfigureAwait(false);
                if (got == null || got is DBNull || Convert.ToInt32(got) != 1)
                    throw new RostrvmException("BackupInProgress", FailureKind.ResourceBusy,
                        $"Another backup of '{database}' has been running for longer than {timeoutSeconds} s. Wait for it to finish, " +
                            "then run this one again.", database);
            }
        }

        /// <summary>
        /// One thread per connection takes the next chunk and turns its rows into INSERT
        /// statements straight in its own pieces; one writer puts the pieces on disk as they
        /// come. A worker waits only when all its pieces are queued, so memory stays at
        /// workers x pieces x statement size whatever the table sizes.
        /// </summary>
        private static async Task RunWorkersAsync(DumpPlan plan, List<MySqlConnection> connections, DumpFileWriter writer,
            int statementBytes, BackupOptions options, IJobReporter reporter, CancellationToken token)
        {
            using (var failure = CancellationTokenSource.CreateLinkedTokenSource(token))
            using (var queue = new BlockingCollection<DumpPiece>())
            // One row larger than a statement formatted whole at a time (the public-API path), whatever the number of workers.
            using (var largeRowPermit = new SemaphoreSlim(1))
            {
                // The connector keeps buffers of about twice the largest row each connection has read (past 16 MB):
                // tables whose rows average near a statement go through the first connection only.
                var wide = connections.Count > 1
                    ? plan.Chunks.Where(c => c.Table.RowsAverageNear(statementBytes)).ToList()
                    : new List<DataChunk>();
                var narrow = plan.Chunks.Except(wide).ToList();
                var next = -1;
                var nextWide = -1;
                var running = connections.Count;
                Exception? firstError = null;
                void Fail(Exception ex)
                {
                    Interlocked.CompareExchange(ref firstError, ex, null);
                    failure.Cancel();
                }
                DataChunk? NextChunk(bool first)
                {
                    int index;
                    if (first && (index = Interlocked.Increment(ref nextWide)) < wide.Count) return wide[index];
                    return (index = Interlocked.Increment(ref next)) < narrow.Count ? narrow[index] : null;
                }
                void Worker(MySqlConnection connection)
                {
                    try
                    {
                        // With several workers each compresses its own pieces; a single one hands that to the writer.
                        var dumper = new ChunkDumper(queue, statementBytes,
                            connections.Count > 1 ? BackupCodec.For(options.Compression) : null, largeRowPermit, failure.Token);
                        DataChunk? chunk;
                        while ((chunk = NextChunk(connection == connections[0])) != null)
                        {
                            var started = Stopwatch.StartNew();
                            try { dumper.Dump(chunk, connection); }
                            catch (MySqlException ex) { throw TranslateDumpError(ex, chunk.Table.Name); }
                            reporter.Verbose($"Chunk {chunk.Index + 1}/{plan.Chunks.Count} of {chunk.Table.Name} dumped " +
                                $"in {started.Elapsed.TotalSeconds:F2} s.");
                        }
                        dumper.Finish();
                    }
                    catch (Exception ex) { Fail(ex); }
                    finally
                    {
                        if (Interlocked.Decrement(ref running) == 0) queue.CompleteAdding();
                    }
                }
                // Blocking reads on threads of their own: the connector's synchronous path costs less per row.
                var tasks = connections.Select(c => Task.Factory.StartNew(() => Worker(c), CancellationToken.None,
                    TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToList();
                var writing = Task.Factory.StartNew(() =>
                {
                    try { writer.WritePieces(queue, reporter, Activity, failure.Token); }
                    catch (Exception ex) { Fail(ex); }
                }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                tasks.Add(writing);
                await Task.WhenAll(tasks).ConfigureAwait(false);
                if (firstError is OperationCanceledException && token.IsCancellationRequested) token.ThrowIfCancellationRequested();
                if (firstError is MySqlException my) throw TranslateDumpError(my);
                if (firstError != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(firstError).Throw();
            }
        }

        /// <summary>A table whose definition changed between the start and the end of the dump makes the backup wrong: refuse it.</summary>
        private static async Task CheckUnchangedAsync(MySqlConnection connection, DatabaseSchema schema, CancellationToken token)
        {
            foreach (var table in schema.Tables)
            {
                string? now;
                try { now = await DatabaseSchema.ShowCreateTableAsync(connection, table.Name, token).ConfigureAwait(false); }
                catch (MySqlException ex) { throw TranslateDumpError(ex, table.Name); }
                if (!string.Equals(StripAutoIncrement(now), StripAutoIncrement(table.CreateStatement), StringComparison.Ordinal))
                    throw TableAltered(table.Name, null);
            }
        }

        private static string? StripAutoIncrement(string? create) =>
            create == null ? null : System.Text.RegularExpressions.Regex.Replace(create, @" AUTO_INCREMENT=\d+", string.Empty);

        private static RostrvmException TableAltered(string table, Exception? inner) =>
            new RostrvmException("TableAlteredDuringBackup", FailureKind.InvalidOperation,
                $"The table '{table}' was altered or dropped while the backup was reading the database, so the backup would not be " +
                    "consistent. Nothing was replaced; run the backup again when no schema change is running.", table, inner);

        internal static Exception TranslateDumpError(MySqlException ex, string? table = null)
        {
            // 1412 ER_TABLE_DEF_CHANGED, 1146 ER_NO_SUCH_TABLE: DDL hit a table inside our snapshot.
            if (ex.Number == 1412 || ex.Number == 1146)
                return TableAltered(table ?? ExtractTable(ex.Message), ex);
            return ex;
        }

        private static string ExtractTable(string message)
        {
            var match = System.Text.RegularExpressions.Regex.Match(message ?? string.Empty, @"'([^']+)'");
            return match.Success ? match.Groups[1].Value : "(unknown)";
        }

        private static Exception Translate(MySqlException ex, ConnectionOptions connection)
        {
            var mapped = TranslateDumpError(ex);
            if (mapped is RostrvmException) return mapped;
            if (ex.Number == 1227 || ex.Number == 1044 || ex.Number == 1142 || ex.Number == 1143)
                return new RostrvmException("MissingPrivilege", FailureKind.PermissionDenied,
                    $"The server refused a step of the backup: {ex.Message} Grant the privilege it names to '{connection.UserName}'.",
                        connection.Database, ex);
            return ConnectionFactory.Translate(ex, connection);
        }

    }
}
