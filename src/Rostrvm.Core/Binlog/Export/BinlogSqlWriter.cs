using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Hashing;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// Turns a range of binlog events into SQL that the plain client (or one connection) replays,
    /// like mysqlbinlog/mariadb-binlog: the format description as a BINLOG statement before the
    /// first rows events of each file, table maps with their rows events as BINLOG '&lt;base64&gt;',
    /// statements with the session context they need (timestamp, pseudo_thread_id, sql_mode,
    /// character sets, auto-increment, INSERT_ID/LAST_INSERT_ID/RAND seeds/user variables,
    /// default database), BEGIN/COMMIT around transactions.
    /// <see cref="ReadStatements"/> streams statements for direct replay over a connection;
    /// <see cref="WriteAsync"/> writes a script with the /*!*/; delimiter, so routine and trigger
    /// bodies need no DELIMITER juggling.
    /// </summary>
    public sealed class BinlogSqlWriter
    {
        public const string ScriptDelimiter = "/*!*/;";

        private readonly BinlogSqlWriterOptions _options;
        private readonly List<string> _warnings = new List<string>();
        private readonly LoadFileStore _loadFiles;

        /// <summary>The files written for LOAD DATA statements (see <see cref="BinlogSqlWriterOptions.LoadFileDirectory"/>).</summary>
        public IReadOnlyList<string> LoadFiles => _loadFiles.Files;

        public BinlogSqlWriter(BinlogSqlWriterOptions? options = null)
        {
            _options = options ?? new BinlogSqlWriterOptions();
            _loadFiles = new LoadFileStore(_options.LoadFileDirectory, _warnings);
        }

        /// <summary>Totals of the last <see cref="ReadStatements"/> or <see cref="WriteAsync"/> run.</summary>
        public BinlogExportResult Result { get; private set; } = new BinlogExportResult();

        /// <summary>Writes the script for the files (in order) and range. Returns what it covered.</summary>
        public async Task<BinlogExportResult> WriteAsync(IEnumerable<string> files, BinlogRange range, TextWriter output,
            CancellationToken cancellationToken = default)
        {
            // A script in a file holds each statement's bytes as logged (ScriptOutput); text lines
            // (to the pipeline) hold the UTF-8 form a connection replays.
            var script = await ScriptOutput.CreateAsync(output).ConfigureAwait(false);
            await script.WriteLineAsync("# Written by Rostrvm Export-RostrvmBinlog; replay with: mariadb < this-file")
                .ConfigureAwait(false);
            await script.WriteLineAsync("/*!\\C utf8mb4 */;").ConfigureAwait(false);
            var inDelimiter = false;
            foreach (var statement in ReadStatements(files, range, cancellationToken))
            {
                if (statement.Kind == BinlogStatementKind.Comment)
                {
                    foreach (var line in statement.Sql.Split('\n')) await script.WriteLineAsync("# " + line.TrimEnd('\r'))
                        .ConfigureAwait(false);
                    continue;
                }
                // Session set-up and tear-down use ';'; everything from the binlog uses /*!*/;
                var wantDelimiter = statement.Kind != BinlogStatementKind.Session;
                if (wantDelimiter != inDelimiter)
                {
                    await script.WriteLineAsync(wantDelimiter ? "DELIMITER " + ScriptDelimiter : "DELIMITER ;").ConfigureAwait(false);
                    inDelimiter = wantDelimiter;
                }
                if (!inDelimiter)
                {
                    await script.WriteLineAsync(statement.Sql + ";").ConfigureAwait(false);
                    continue;
                }
                if (statement.Kind == BinlogStatementKind.Statement || statement.Kind == BinlogStatementKind.Binlog)
                    await script.WriteLineAsync($"# at {statement.Position} " +
                        $"({Path.GetFileName(statement.File)}) {statement.TimeUtc:yyyy-MM-dd HH:mm:ss} UTC").ConfigureAwait(false);
                await script.WriteStatementAsync(statement).ConfigureAwait(false);
                await script.WriteLineAsync(ScriptDelimiter).ConfigureAwait(false);
            }
            if (inDelimiter) await script.WriteLineAsync("DELIMITER ;").ConfigureAwait(false);
            await script.WriteLineAsync("# End of log file").ConfigureAwait(false);
            await script.FlushAsync().ConfigureAwait(false);
            return Result;
        }

        /// <summary>
        /// The statements, one by one, for direct replay in ONE session in order. Skip
        /// <see cref="BinlogStatementKind.Comment"/> items (or test <see cref="BinlogStatement.IsExecutable"/>).
        /// Note for connector users: statements may contain user variables (@name).
        /// </summary>
        public IEnumerable<BinlogStatement> ReadStatements(IEnumerable<string> files, BinlogRange range,
            CancellationToken cancellationToken = default)
        {
            range = range ?? BinlogRange.All;
            var fileList = files.Select(Path.GetFullPath).ToList();
            var result = new BinlogExportResult { Files = fileList.ToArray() };
            Result = result;
            _warnings.Clear();
            var state = new SessionState();
            var databases = range.Databases != null && range.Databases.Length > 0 ? new HashSet<string>(range.Databases,
                StringComparer.Ordinal) : null;

            foreach (var s in Header()) yield return s;

            var scan = new BinlogScan(fileList, range) { VerifyChecksums = _options.VerifyChecksums, ColumnInfo = _options.ColumnInfo };
            var file = new FileState();
            var written = false;
            foreach (var item in scan.Events(cancellationToken))
            {
                var ev = item.Event;
                if (item.IsFormatDescription)
                {
                    // Rows after it replay under this one (a relay log holds the source's mid-file).
                    state.NewFile();
                    file = new FileState();
                    continue;
                }
                var txn = item.Position;
                if (txn.IsOutside) continue;
                if (txn.IsStart) written = false;
                result.Events++;
                if (result.FirstFile == null) { result.FirstFile = ev.File; result.FirstPosition = ev.Position; }
                result.LastFile = ev.File;
                result.LastEndPosition = item.EndPosition;
                if (result.FirstEventTimeUtc == null) result.FirstEventTimeUtc = ev.TimeUtc;
                result.LastEventTimeUtc = ev.TimeUtc;
                if (txn.Gtid != null) result.LastGtid = txn.Gtid;
                if (txn.IsEnd) result.Transactions++;

                foreach (var s in Translate(item, state, file, databases))
                {
                    if (s.Kind == BinlogStatementKind.Binlog || s.Kind == BinlogStatementKind.Statement) written = true;
                    if (s.EndsTransaction) s.TransactionWritten = written;
                    result.Statements++;
                    yield return s;
                }
                if (txn.IsEnd && !written)
                {
                    if (item.Transaction?.Scratch == true) result.TransactionsScratch++;
                    else result.TransactionsOtherDatabases++;
                }
            }
            foreach (var t in scan.Excluded)
                _warnings.Insert(0, $"Left out the transaction at {Path.GetFileName(t.StartFile)}:{t.StartPosition}" + (t.Gtid != null
                    ? $" (GTID {t.Gtid})" : ""));
            foreach (var s in Footer()) yield return s;
            result.Warnings = _warnings.ToArray();
        }

        private IEnumerable<BinlogStatement> Header()
        {
            yield return Session("/*!50530 SET @@SESSION.PSEUDO_SLAVE_MODE=1*/");
            yield return Session("/*!40019 SET @@session.max_delayed_threads=0*/");
            yield return Session("/*!50003 SET @OLD_COMPLETION_TYPE=@@COMPLETION_TYPE,COMPLETION_TYPE=0*/");
            if (_options.DisableBinaryLogging) yield return Session("SET @@session.sql_log_bin=0");
        }

        private IEnumerable<BinlogStatement> Footer()
        {
            // A range that stops inside a transaction leaves it uncommitted: roll it back, as mysqlbinlog does.
            yield return Session("ROLLBACK /* added by rostrvm */");
            yield return Session("/*!50003 SET COMPLETION_TYPE=@OLD_COMPLETION_TYPE*/");
            yield return Session("/*!50530 SET @@SESSION.PSEUDO_SLAVE_MODE=0*/");
        }

        private static BinlogStatement Session(string sql) => new BinlogStatement { Kind = BinlogStatementKind.Session, Sql = sql };

        private sealed class SessionState
        {
            public string? Database;
            public uint? ThreadId;
            public uint? Flags2;
            public ulong? SqlMode;
            public string? AutoIncrement;
            public string? Charsets;
            public string? TimeZone;
            public ushort? LcTimeNames;
            public string? CollationDatabase;

            public void NewFile()
            {
                // mysqlbinlog restates the whole context after each format description.
                ThreadId = null; Flags2 = null; SqlMode = null; AutoIncrement = null; Charsets = null; TimeZone = null;
                LcTimeNames = null; CollationDatabase = null; Database = null;
            }
        }

        private string? Rename(string? database)
        {
            if (database != null && _options.DatabaseRenames != null
                && _options.DatabaseRenames.TryGetValue(database, out var to)) return to;
            return database;
        }

        /// <summary>What the writer keeps per file: the rows of a statement until its end, the tables left out, whether the format
        /// description was sent.</summary>
        private sealed class FileState
        {
            public readonly List<byte[]> Pending = new List<byte[]>();
            public readonly List<string> PendingComments = new List<string>();
            public readonly HashSet<ulong> SkippedTables = new HashSet<ulong>();
            public bool FormatSent;
        }

        private IEnumerable<BinlogStatement> Translate(BinlogScanEvent item, SessionState state, FileState file,
            HashSet<string>? databases)
        {
            var ev = item.Event;
            var txn = item.Position;
            var reader = item.Reader;
            var pending = file.Pending;
            var pendingComments = file.PendingComments;
            var skippedTables = file.SkippedTables;
            var list = new List<BinlogStatement>(4);
            BinlogStatement Make(BinlogStatementKind kind, string sql) => new BinlogStatement
            {
                Kind = kind, Sql = sql, File = ev.File, Position = ev.Position, EndPosition = item.EndPosition,
                TimeUtc = ev.TimeUtc, Gtid = txn.Gtid,
            };

            switch (ev.Data)
            {
                case MariaDbGtidEventData m:
                    if (_options.PreserveGtids)
                    {
                        list.Add(Make(BinlogStatementKind.Context, $"SET @@session.gtid_domain_id={m.DomainId}"));
                        list.Add(Make(BinlogStatementKind.Context, $"SET @@session.server_id={m.ServerId}"));
                        list.Add(Make(BinlogStatementKind.Context, $"SET @@session.gtid_seq_no={m.SequenceNumber}"));
                    }
                    else
                    {
                        list.Add(Make(BinlogStatementKind.Comment, $"GTID {m.Gtid}" + (m.IsStandalone ? (m.IsDdl ? " ddl" : "")
                            : " trans")));
                    }
                    if (!m.IsStandalone) list.Add(Make(BinlogStatementKind.Begin, "START TRANSACTION"));
                    break;
                case MySqlGtidEventData g:
                    if (_options.PreserveGtids && !g.IsAnonymous)
                        list.Add(Make(BinlogStatementKind.Context, $"SET @@SESSION.GTID_NEXT='{g.Gtid}'"));
                    else list.Add(Make(BinlogStatementKind.Comment, g.IsAnonymous ? "Anonymous GTID" : "GTID " + g.Gtid));
                    break;
                case IntvarEventData iv:
                    list.Add(Make(BinlogStatementKind.Context, $"SET {iv.VariableName}={iv.Value.ToString(CultureInfo.InvariantCulture)}"));
                    break;
                case RandEventData rand:
                    list.Add(Make(BinlogStatementKind.Context, $"SET @@RAND_SEED1={rand.Seed1}, @@RAND_SEED2={rand.Seed2}"));
                    break;
                case UserVarEventData uv:
                    list.Add(Make(BinlogStatementKind.Context, $"SET @`{uv.Name.Replace("`", "``")}`:={uv.ToSqlExpression()}"));
                    break;
                case QueryEventData q:
                    {
                        // The range's filters, and as mariadb-binlog --database: a statement replays only
                        // from its own default database (one with none is left out too).
                        var foreign = !item.Matches || databases != null && !databases.Contains(q.Database ?? string.Empty);
                        if (foreign && !IsTransactionControl(q.Sql)) break;
                        WarnOfFullNames(q, ev);
                        // BEGIN/COMMIT of a transaction in another database must not switch to
                        // that database: it may not exist where the replay goes.
                        QueryContext(q, ev, state, list, Make, useDatabase: !foreign);
                        // Replayed from the logged bytes, never from the text shown to people.
                        var sql = q.ReplaySql;
                        var bytes = q.SqlBytes;
                        LoadDataStatement? load = null;
                        if (q.Load != null)
                        {
                            var localPath = _loadFiles.PathOf(q.Load.FileId, ev);
                            sql = q.Load.StatementFor(localPath);
                            bytes = null;
                            load = ParseLoad(q.Load, localPath, ev);
                        }
                        var kind = BinlogStatementKind.Statement;
                        if (IsWord(sql, "BEGIN")) kind = BinlogStatementKind.Begin;
                        else if (IsWord(sql, "COMMIT")) kind = BinlogStatementKind.Commit;
                        var s = Make(kind, sql);
                        s.ScriptBytes = bytes;
                        s.CharacterSetClient = q.CharacterSetClient;
                        s.LoadData = load;
                        s.EndsTransaction = txn.IsEnd;
                        list.Add(s);
                        if (_options.PreserveGtids && txn.IsEnd && txn.Gtid != null && txn.Gtid.IndexOf(':') > 0)
                            list.Add(Make(BinlogStatementKind.Context, "SET @@SESSION.GTID_NEXT='AUTOMATIC'"));
                        break;
                    }
                case LoadBlockEventData block:
                    _loadFiles.Write(block, ev);
                    break;
                case XidEventData x:
                    {
                        var s = Make(BinlogStatementKind.Commit, "COMMIT /* xid=" + x.Xid.ToString(CultureInfo.InvariantCulture) + " */");
                        s.EndsTransaction = true;
                        list.Add(s);
                        if (_options.PreserveGtids && txn.Gtid != null && txn.Gtid.IndexOf(':') > 0)
                            list.Add(Make(BinlogStatementKind.Context, "SET @@SESSION.GTID_NEXT='AUTOMATIC'"));
                        break;
                    }
                case RowsQueryEventData rq:
                    list.Add(Make(BinlogStatementKind.Comment, "Q> " + rq.Sql.Replace("\n", "\nQ> ")));
                    break;
                case TableMapEventData map:
                    if (!item.Matches) { skippedTables.Add(map.TableId); break; }
                    skippedTables.Remove(map.TableId);
                    pending.Add(RewriteTableMap(ev, map, reader.ActiveFormat!)); // set once the reader has yielded an event
                    break;
                case RowsEventData rows:
                    {
                        if (!skippedTables.Contains(rows.TableId))
                        {
                            pending.Add(ev.Raw);
                            if (_options.DecodedComments && rows.TableMap != null) pendingComments.Add(DescribeRows(rows, rows.TableMap));
                        }
                        if (!rows.IsStatementEnd || pending.Count == 0) break;
                        if (!pending.Any(p => BinlogEventTypes.IsRows((BinlogEventType)p[4]))) { pending.Clear(); break; }
                        if (!file.FormatSent)
                        {
                            var active = reader.ActiveFormatEvent!; // set once the reader has yielded an event
                            var format = Make(BinlogStatementKind.Binlog, "BINLOG '\n" + Convert.ToBase64String(active.Raw) + "\n'");
                            format.Position = active.Position;
                            format.EndPosition = active.Position + active.Length;
                            format.TimeUtc = active.TimeUtc;
                            list.Add(format);
                            file.FormatSent = true;
                        }
                        var sb = new StringBuilder("BINLOG '\n");
                        foreach (var raw in pending) sb.Append(Convert.ToBase64String(raw)).Append('\n');
                        sb.Append('\'');
                        foreach (var c in pendingComments) list.Add(Make(BinlogStatementKind.Comment, c));
                        list.Add(Make(BinlogStatementKind.Binlog, sb.ToString()));
                        pending.Clear();
                        pendingComments.Clear();
                        break;
                    }
                case IncidentEventData inc:
                    _warnings.Add($"Incident event at {Path.GetFileName(ev.File)}:{ev.Position}: {inc.Message}");
                    list.Add(Make(BinlogStatementKind.Comment, $"Incident {inc.IncidentType}: {inc.Message}"));
                    break;
                case RawEventData _:
                    list.Add(Make(BinlogStatementKind.Comment, $"{ev.TypeName} event at {ev.Position} not replayed"));
                    break;
            }
            return list;
        }

        /// <summary>
        /// A statement that names a table of a renamed database in full (db.t) still changes that
        /// database when replayed into the new one (as with mariadb-binlog --rewrite-db): said, once per statement.
        /// </summary>
        private void WarnOfFullNames(QueryEventData q, BinlogEvent ev)
        {
            if (_options.DatabaseRenames == null || _options.DatabaseRenames.Count == 0) return;
            // Parsed without a default database: only the names written in full have one.
            var named = StatementTables.Parse(q.Sql, null, StatementTables.HasAnsiQuotes(q.SqlMode)).Tables
                .FirstOrDefault(t => t.Database != null && _options.DatabaseRenames.ContainsKey(t.Database));
            if (named.Table == null) return;
            _warnings.Add($"The statement at {Path.GetFileName(ev.File)}:{ev.Position} names `{named.Database}`.`{named.Table}` in full: " +
                $"replayed into `{_options.DatabaseRenames[named.Database!]}` it still changes `{named.Database}` itself, as with " +
                "mariadb-binlog --rewrite-db. Check that table in both databases.");
        }

        private static LoadDataStatement ParseLoad(LoadQueryInfo load, string localPath, BinlogEvent ev)
        {
            try { return LoadDataStatement.Parse(load, localPath); }
            catch (FormatException ex)
            {
                throw new BinlogFormatException("BinlogLoadDataUnreadable", ev.File, ev.Position,
                    $"the LOAD DATA statement of this Execute_load_query event could not be taken apart ({ex.Message}); replay this " +
                        "transaction with mariadb-binlog | mariadb --local-infile=1.", ex);
            }
        }

        private static bool IsTransactionControl(string sql) =>
            IsWord(sql, "BEGIN") || IsWord(sql, "COMMIT") || IsWord(sql, "ROLLBACK") || IsWord(sql, "XA");

        private static bool IsWord(string sql, string word)
        {
            var t = sql.TrimStart();
            return t.StartsWith(word, StringComparison.OrdinalIgnoreCase) && (t.Length == word.Length
                || !char.IsLetterOrDigit(t[word.Length]));
        }

        private void QueryContext(QueryEventData q, BinlogEvent ev, SessionState state, List<BinlogStatement> list,
            Func<BinlogStatementKind, string, BinlogStatement> make, bool useDatabase = true)
        {
            var database = Rename(q.Database);
            // LOG_EVENT_SUPPRESS_USE_F: CREATE/DROP DATABASE name the database without using it.
            var suppressUse = (ev.Flags & 0x8) != 0;
            if (useDatabase && !suppressUse && database is { Length: > 0 } && database != state.Database)
            {
                list.Add(make(BinlogStatementKind.Context, "use `" + database.Replace("`", "``") + "`"));
                state.Database = database;
            }
            var micro = q.Microseconds.HasValue ? "." + q.Microseconds.Value.ToString("D6", CultureInfo.InvariantCulture) : string.Empty;
            list.Add(make(BinlogStatementKind.Context, "SET TIMESTAMP=" + ev.Timestamp.ToString(CultureInfo.InvariantCulture) + micro));
            if (state.ThreadId != q.ThreadId)
            {
                list.Add(make(BinlogStatementKind.Context,
                    "SET @@session.pseudo_thread_id=" + q.ThreadId.ToString(CultureInfo.InvariantCulture)));
                state.ThreadId = q.ThreadId;
            }
            if (q.Flags2.HasValue && state.Flags2 != q.Flags2)
            {
                var f = q.Flags2.Value;
                list.Add(make(BinlogStatementKind.Context,
                    $"SET @@session.foreign_key_checks={((f & 0x4000000) == 0 ? 1 : 0)}, " +
                        $"@@session.sql_auto_is_null={((f & 0x4000) != 0 ? 1 : 0)}, " +
                        $"@@session.unique_checks={((f & 0x8000000) == 0 ? 1 : 0)}, @@session.autocommit={((f & 0x80000) == 0 ? 1 : 0)}"));
                state.Flags2 = f;
            }
            if (q.SqlMode.HasValue && state.SqlMode != q.SqlMode)
            {
                list.Add(make(BinlogStatementKind.Context,
                    "SET @@session.sql_mode=" + q.SqlMode.Value.ToString(CultureInfo.InvariantCulture)));
                state.SqlMode = q.SqlMode;
            }
            if (q.AutoIncrementIncrement.HasValue)
            {
                var ai = $"SET @@session.auto_increment_increment={q.AutoIncrementIncrement}, " +
                    $"@@session.auto_increment_offset={q.AutoIncrementOffset}";
                if (ai != state.AutoIncrement) { list.Add(make(BinlogStatementKind.Context, ai)); state.AutoIncrement = ai; }
            }
            if (q.CharacterSetClient.HasValue)
            {
                // Over a connection the statement goes as UTF-8 text (ReplaySql), so the client
                // character set is utf8mb4 and the collations stay. A script holds the logged
                // bytes, so it switches the client to the session's character set, as mysqlbinlog does.
                var collations = $"@@session.collation_connection={q.CollationConnection},@@session.collation_server={q.CollationServer}";
                var cs = "SET @@session.character_set_client=utf8mb4," + collations;
                if (cs + q.ClientCharset != state.Charsets)
                {
                    var context = make(BinlogStatementKind.Context, cs);
                    context.ScriptBytes = Encoding.ASCII.GetBytes($"/*!\\C {q.ClientCharset} */{ScriptDelimiter}\nSET " +
                        $"@@session.character_set_client={q.ClientCharset}," + collations);
                    list.Add(context);
                    state.Charsets = cs + q.ClientCharset;
                }
            }
            if (q.TimeZone != null && q.TimeZone != state.TimeZone)
            {
                list.Add(make(BinlogStatementKind.Context, "SET @@session.time_zone='" + q.TimeZone.Replace("'", "''") + "'"));
                state.TimeZone = q.TimeZone;
            }
            if (q.LcTimeNames.HasValue && q.LcTimeNames != state.LcTimeNames)
            {
                list.Add(make(BinlogStatementKind.Context, "SET @@session.lc_time_names=" + q.LcTimeNames.Value));
                state.LcTimeNames = q.LcTimeNames;
            }
            var collationDb = q.CollationDatabase.HasValue ? q.CollationDatabase.Value.ToString(CultureInfo.InvariantCulture) : "DEFAULT";
            if (q.CharacterSetClient.HasValue && collationDb != state.CollationDatabase)
            {
                list.Add(make(BinlogStatementKind.Context, "SET @@session.collation_database=" + collationDb));
                state.CollationDatabase = collationDb;
            }
        }

        /// <summary>The table map's raw bytes, with the database renamed when asked (length and CRC recomputed).</summary>
        private byte[] RewriteTableMap(BinlogEvent ev, TableMapEventData map, FormatDescriptionEventData format)
        {
            var target = Rename(map.Database);
            if (target == map.Database) return ev.Raw;
            var header = format.HeaderLength;
            var postHeader = format.PostHeaderLength(BinlogEventType.TableMap);
            if (postHeader <= 0) postHeader = 8;
            var dbLengthAt = header + postHeader;
            var oldDbLength = ev.Raw[dbLengthAt];
            var restAt = dbLengthAt + 1 + oldDbLength + 1;
            var checksum = ev.Raw.Length - ev.BodyOffset - ev.BodyLength;
            var newName = Encoding.UTF8.GetBytes(target);
            if (newName.Length > 255) throw new ArgumentException($"database name '{target}' is too long");
            var restLength = ev.Raw.Length - checksum - restAt;
            var raw = new byte[dbLengthAt + 1 + newName.Length + 1 + restLength + checksum];
            Buffer.BlockCopy(ev.Raw, 0, raw, 0, dbLengthAt);
            raw[dbLengthAt] = (byte)newName.Length;
            Buffer.BlockCopy(newName, 0, raw, dbLengthAt + 1, newName.Length);
            raw[dbLengthAt + 1 + newName.Length] = 0;
            Buffer.BlockCopy(ev.Raw, restAt, raw, dbLengthAt + 2 + newName.Length, restLength);
            BitConverter.GetBytes(raw.Length).CopyTo(raw, 9);
            if (checksum == 4)
            {
                var crc = Crc32.HashToUInt32(new ReadOnlySpan<byte>(raw, 0, raw.Length - 4));
                BitConverter.GetBytes(crc).CopyTo(raw, raw.Length - 4);
            }
            return raw;
        }

        private static string DescribeRows(RowsEventData rows, TableMapEventData map)
        {
            var sb = new StringBuilder();
            foreach (var change in rows.Rows())
            {
                if (sb.Length > 0) sb.Append('\n');
                switch (rows.Operation)
                {
                    case RowOperation.Insert: sb.Append("### INSERT INTO ").Append(map.QualifiedName).Append("\n### SET");
                        Image(sb, map, change.After!); break; // the operation says which images exist
                    case RowOperation.Delete: sb.Append("### DELETE FROM ").Append(map.QualifiedName).Append("\n### WHERE");
                        Image(sb, map, change.Before!); break;
                    default:
                        sb.Append("### UPDATE ").Append(map.QualifiedName).Append("\n### WHERE"); Image(sb, map, change.Before!);
                        sb.Append("\n### SET"); Image(sb, map, change.After!);
                        break;
                }
            }
            return sb.ToString();
        }

        private static void Image(StringBuilder sb, TableMapEventData map, ColumnValue[] image)
        {
            for (var i = 0; i < image.Length; i++)
            {
                if (image[i].IsMissing) continue;
                sb.Append("\n###   ").Append(map.ColumnName(i)).Append('=').Append(RowText.Format(image[i], map, i).Replace("\n", "\\n"));
            }
        }
    }
}
