using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Connection;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;
using Rostrvm.Core.Jobs;

namespace Rostrvm.Core.Mis
{
    /// <summary>
    /// What an export or purge run works with: one connection holding the MIS job lock, the
    /// checked MIS tables, the extract folder (checked writable and tidied up after a killed
    /// run) and the server's idea of today, since MIS days run midnight to midnight in the
    /// server's time zone.
    /// </summary>
    public sealed class MisSession : IDisposable
    {
        private readonly bool _holdsLock;
        private readonly string _sessionZone;

        private MisSession(MySqlConnection connection, ConnectionOptions options, IReadOnlyList<MisTableSchema> tables, string extractRoot,
            DateTime today, string timeZone, string sessionZone, bool statementBinlog, IJobReporter? reporter, bool holdsLock)
        {
            _holdsLock = holdsLock;
            _sessionZone = sessionZone;
            Connection = connection;
            Options = options;
            Tables = tables;
            ExtractRoot = extractRoot;
            Today = today;
            TimeZone = timeZone;
            StatementBinlog = statementBinlog;
            Reporter = reporter ?? SilentReporter.Instance;
        }

        public MySqlConnection Connection { get; }
        public ConnectionOptions Options { get; }
        public IReadOnlyList<MisTableSchema> Tables { get; }
        public string ExtractRoot { get; }
        /// <summary>CURDATE() on the server.</summary>
        public DateTime Today { get; }
        public string TimeZone { get; }
        /// <summary>READ COMMITTED is refused for writes under binlog_format=STATEMENT.</summary>
        public bool StatementBinlog { get; }
        public IJobReporter Reporter { get; }

        /// <summary>When set, each day's CSVs are written as OpenPGP for this key (&lt;table&gt;.csv.gpg).</summary>
        public Encryption.OpenPgpRecipient? EncryptFor { get; set; }

        /// <summary>The configured tables, limited to <paramref name="only"/> when given.</summary>
        public static IReadOnlyList<KeyValuePair<string, string>> SelectTables(IReadOnlyDictionary<string, string> configured,
            IEnumerable<string>? only)
        {
            var all = configured.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).ToList();
            if (only == null) return all;
            var chosen = new List<KeyValuePair<string, string>>();
            foreach (var name in only)
            {
                var match = all.Where(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).ToList();
                if (match.Count == 0)
                    throw new RostrvmException("MisTableNotConfigured", FailureKind.InvalidArgument,
                        $"'{name}' is not one of the configured MIS tables ({string.Join(", ", all.Select(p => p.Key))}). Add it with " +
                            $"Set-RostrvmConfiguration -MisTable, or correct -Table.", name);
                if (!chosen.Contains(match[0])) chosen.Add(match[0]);
            }
            return chosen;
        }

        /// <summary>Opens a session for a cmdlet: the tables, extract folder and lock timeout of <paramref name="mis"/>.</summary>
        public static Task<MisSession> OpenAsync(ConnectionOptions options, MisSessionOptions mis,
            IJobReporter? reporter, CancellationToken cancellationToken, bool readOnly = false) =>
            OpenAsync(options, mis.Tables(), mis.ExtractRoot, mis.LockTimeoutSeconds, reporter, cancellationToken, readOnly);

        public static async Task<MisSession> OpenAsync(ConnectionOptions options, IReadOnlyList<KeyValuePair<string, string>> tables,
            string extractRoot, int lockTimeoutSeconds, IJobReporter? reporter, CancellationToken cancellationToken, bool readOnly = false)
        {
            if (tables.Count == 0)
                throw new RostrvmException("MisNoTables", FailureKind.InvalidArgument,
                    "No MIS tables are configured. Add them with Set-RostrvmConfiguration -MisTable @{ mis_call = 'start_time' }.", null);
            extractRoot = Path.GetFullPath(extractRoot);
            var connection = await ConnectionFactory.OpenAsync(options, true, cancellationToken).ConfigureAwait(false);
            try
            {
                var schemas = await MisTableSchema.ReadAsync(connection, options.Database, tables, cancellationToken).ConfigureAwait(false);
                // A -WhatIf run looks but does not touch the extract folder, not even to create it.
                if (!readOnly) CheckWritable(extractRoot);
                await LockAsync(connection, options.Database, lockTimeoutSeconds, cancellationToken).ConfigureAwait(false);
                DateTime today;
                string timeZone, zone;
                bool statement;
                using (var command = new MySqlCommand("SELECT CURDATE(), @@session.time_zone, @@system_time_zone, @@binlog_format",
                    connection))
                using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    today = reader.GetDateTime(0).Date;
                    zone = reader.GetString(1);
                    timeZone = zone == "SYSTEM" ? "SYSTEM (" + reader.GetString(2) + ")" : zone;
                    statement = string.Equals(reader.GetString(3), "STATEMENT", StringComparison.OrdinalIgnoreCase);
                }
                var repaired = readOnly ? 0 : MisDayFolder.Recover(extractRoot);
                if (repaired > 0) reporter?.Verbose($"Tidied {repaired} folder(s) or file(s) an interrupted run left in {extractRoot}.");
                return new MisSession(connection, options, schemas, extractRoot, today, timeZone, zone, statement,
                    reporter, holdsLock: true);
            }
            catch (Exception ex) when (!(ex is RostrvmException) && !(ex is OperationCanceledException))
            {
                connection.Dispose();
                throw ConnectionFactory.Translate(ex, options);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Another connection working for this session's job (the job lock stays with this one):
        /// same tables, folder and day, and the same session time zone, so TIMESTAMP values are
        /// written exactly as this session writes them.
        /// </summary>
        public async Task<MisSession> OpenWorkerAsync(CancellationToken cancellationToken)
        {
            var connection = await ConnectionFactory.OpenAsync(Options, true, cancellationToken).ConfigureAwait(false);
            try
            {
                using (var command = new MySqlCommand("SET SESSION time_zone = @zone", connection))
                {
                    command.Parameters.AddWithValue("@zone", _sessionZone);
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                return new MisSession(connection, Options, Tables, ExtractRoot, Today, TimeZone, _sessionZone, StatementBinlog, Reporter,
                    holdsLock: false) { EncryptFor = EncryptFor };
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                connection.Dispose();
                throw ConnectionFactory.Translate(ex, Options);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        private static void CheckWritable(string root)
        {
            try
            {
                FilePermissions.CreateOwnerOnlyFolder(root);
                var probe = Path.Combine(root, ".write-probe-" + Guid.NewGuid().ToString("N").Substring(0, 8) + AtomicFile.TemporarySuffix);
                File.WriteAllBytes(probe, new byte[] { 1 });
                File.Delete(probe);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
            {
                throw new RostrvmException("MisExtractPathNotWritable", FailureKind.PermissionDenied,
                    $"Cannot write MIS extracts to '{root}': {ex.Message} Nothing was extracted or deleted. Give this account write " +
                        $"access to the folder, or choose another with -Path or Set-RostrvmConfiguration -MisExtractPath.", root, ex);
            }
        }

        private static string LockName(string? database)
        {
            var name = "rostrvm.mis." + database;
            return name.Length > 64 ? name.Substring(0, 64) : name;
        }

        private static async Task LockAsync(MySqlConnection connection, string? database, int timeoutSeconds,
            CancellationToken cancellationToken)
        {
            // One MIS job per database at a time (docs/ARCHITECTURE.md, safety rule 5); a killed job's lock dies with its connection.
            var name = LockName(database);
            using (var command = new MySqlCommand("SELECT GET_LOCK(@name, @timeout)", connection))
            {
                command.Parameters.AddWithValue("@name", name);
                command.Parameters.AddWithValue("@timeout", Math.Max(0, timeoutSeconds));
                var got = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                if (got == null || got is DBNull || Convert.ToInt64(got, CultureInfo.InvariantCulture) != 1)
                    throw new RostrvmException("MisJobBusy", FailureKind.ResourceBusy,
                        $"Another MIS export or purge is running on the database '{database}' (lock '{name}' still held after " +
                            $"{timeoutSeconds} s). Wait for it to finish, then run the command again.", database);
            }
        }

        internal MySqlCommand Command(string sql, MySqlTransaction? transaction = null) =>
            new MySqlCommand(sql, Connection, transaction) { CommandTimeout = 0 };

        internal static void AddDay(MySqlCommand command, DateTime day)
        {
            command.Parameters.AddWithValue("@from", day.Date);
            command.Parameters.AddWithValue("@to", day.Date.AddDays(1));
        }

        /// <summary>
        /// The lowest and highest key among a day's rows (null when the day has none), read from
        /// the time index. Bounding a day's queries by it lets the server walk the primary key in
        /// order (rostrvm's ids grow with time) instead of sorting the day's rows.
        /// </summary>
        internal async Task<(long Low, long High)?> KeyRangeAsync(MisTableSchema table, DateTime day, CancellationToken cancellationToken)
        {
            var key = MisTableSchema.Quote(table.KeyColumn);
            using (var command = Command(
                $"SELECT MIN({key}), MAX({key}) FROM {MisTableSchema.Quote(table.Table)} WHERE {DayFilter(table)}"))
            {
                AddDay(command, day);
                using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    if (reader.IsDBNull(0)) return null;
                    return (reader.GetInt64(0), reader.GetInt64(1));
                }
            }
        }

        internal static string DayFilter(MisTableSchema table) =>
            $"{MisTableSchema.Quote(table.TimeColumn)} >= @from AND {MisTableSchema.Quote(table.TimeColumn)} < @to";

        public void Dispose()
        {
            // A pooled connection keeps its user locks until it is reused: release the lock now,
            // or the next job (another process) would wait for a connection nobody uses.
            if (_holdsLock)
            {
                try
                {
                    using (var command = new MySqlCommand("DO RELEASE_LOCK(@name)", Connection))
                    {
                        command.Parameters.AddWithValue("@name", LockName(Options.Database));
                        command.ExecuteNonQuery();
                    }
                }
                catch (Exception) { } // best effort: a broken connection has lost its lock anyway
            }
            Connection.Dispose();
        }
    }
}
