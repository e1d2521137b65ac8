using System;
using System.Collections.Generic;
using System.Linq;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// The tables a logged DML or DDL statement changes, read from its SQL, so that a
    /// statement-logged change (MIXED or STATEMENT format) can be found by table like a rows
    /// event. Only the tables written are named: the target of INSERT ... SELECT, REPLACE, LOAD
    /// DATA and CREATE ... SELECT, the tables a multi-table UPDATE assigns to (all of its tables
    /// when an assignment does not say which), the tables a multi-table DELETE deletes from,
    /// every table of DROP/RENAME/TRUNCATE. Unqualified names take the event's default database.
    /// </summary>
    public sealed class StatementTables
    {
        private static readonly HashSet<string> NotAnAlias = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "ON", "USING", "JOIN", "INNER", "LEFT", "RIGHT", "CROSS", "NATURAL", "STRAIGHT_JOIN", "OUTER", "WHERE", "SET",
            "PARTITION", "FORCE", "USE", "IGNORE", "ORDER", "LIMIT", "FOR", "LOCK", "GROUP", "HAVING", "RETURNING", "WINDOW",
        };

        public static readonly StatementTables None = new StatementTables(null, new TableName[0], null);

        private StatementTables(string? verb, IReadOnlyList<TableName> tables, string? database)
        {
            Verb = verb;
            Tables = tables;
            Database = database;
        }

        /// <summary>The statement's first keyword after comments and a WITH clause, upper case (INSERT, DELETE, CREATE...); null when
        /// none.</summary>
        public string? Verb { get; }

        /// <summary>The tables changed, in the order the statement names them, each once.</summary>
        public IReadOnlyList<TableName> Tables { get; }

        /// <summary>The database CREATE/ALTER/DROP DATABASE names; else null.</summary>
        public string? Database { get; }

        /// <param name="sql">The statement as logged.</param>
        /// <param name="defaultDatabase">The event's default database (the session's USE), for unqualified names.</param>
        /// <param name="ansiQuotes">The session's sql_mode has ANSI_QUOTES: "x" is a name, not a string.</param>
        public static StatementTables Parse(string? sql, string? defaultDatabase, bool ansiQuotes = false)
        {
            if (sql == null || sql.Length == 0) return None;
            var reader = new Reader(StatementTokenizer.Tokens(sql, ansiQuotes), string.IsNullOrEmpty(defaultDatabase) ? null
                : defaultDatabase);
            return reader.Read();
        }

        /// <summary>sql_mode bit of ANSI_QUOTES (MODE_ANSI_QUOTES in sql_class.h).</summary>
        public static bool HasAnsiQuotes(ulong? sqlMode) => sqlMode.HasValue && (sqlMode.Value & 4) != 0;

        private sealed class Reference
        {
            public TableName Name;
            public string? Alias;
        }

        private sealed class Reader
        {
            // Tokens are read as far as the reader looks, no further.
            private readonly IEnumerator<StatementToken> _source;
            private readonly List<StatementToken> _t = new List<StatementToken>();
            private readonly string? _default;
            private readonly List<TableName> _tables = new List<TableName>();
            private string? _database;
            private int _i;

            public Reader(IEnumerable<StatementToken> tokens, string? defaultDatabase)
            {
                _source = tokens.GetEnumerator();
                _default = defaultDatabase;
            }

            private bool Has(int index)
            {
                while (_t.Count <= index && _source.MoveNext()) _t.Add(_source.Current);
                return index < _t.Count;
            }

            private bool AtEnd => !Has(_i) || _t[_i].IsSymbol(';');
            private StatementToken Peek(int ahead = 0) => Has(_i + ahead) ? _t[_i + ahead]
                : new StatementToken { Kind = StatementTokenKind.Symbol, Text = ";" };

            private bool Accept(string word)
            {
                if (AtEnd || !Peek().Is(word)) return false;
                _i++;
                return true;
            }

            private void AcceptAll(params string[] words)
            {
                while (words.Any(w => Accept(w))) { }
            }

            public StatementTables Read()
            {
                SkipWith();
                if (AtEnd || Peek().Kind != StatementTokenKind.Word) return None;
                var verb = Peek().Text.ToUpperInvariant();
                _i++;
                switch (verb)
                {
                    case "INSERT":
                    case "REPLACE":
                        AcceptAll("LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE");
                        Accept("INTO");
                        Add(ReadName());
                        break;
                    case "UPDATE":
                        AcceptAll("LOW_PRIORITY", "IGNORE");
                        Update();
                        break;
                    case "DELETE":
                        AcceptAll("LOW_PRIORITY", "QUICK", "IGNORE");
                        Delete();
                        break;
                    case "LOAD":
                        while (!AtEnd && !(Peek().Is("INTO") && Peek(1).Is("TABLE"))) _i++;
                        if (Accept("INTO") && Accept("TABLE")) Add(ReadName());
                        break;
                    case "TRUNCATE":
                        Accept("TABLE");
                        Add(ReadName());
                        break;
                    case "DROP":
                        Accept("TEMPORARY");
                        Drop();
                        break;
                    case "CREATE":
                        if (Accept("OR")) Accept("REPLACE");
                        AcceptAll("TEMPORARY", "UNIQUE", "FULLTEXT", "SPATIAL", "ONLINE", "OFFLINE");
                        Create();
                        break;
                    case "ALTER":
                        AcceptAll("ONLINE", "OFFLINE", "IGNORE");
                        Alter();
                        break;
                    case "RENAME":
                        if (Accept("TABLE") || Accept("TABLES")) Rename();
                        break;
                }
                return new StatementTables(verb, _tables.Distinct().ToArray(), _database);
            }

            // WITH [RECURSIVE] name [(columns)] AS (query) [, ...] before UPDATE or DELETE.
            private void SkipWith()
            {
                if (!Accept("WITH")) return;
                Accept("RECURSIVE");
                while (!AtEnd)
                {
                    _i++; // the name
                    if (Peek().IsSymbol('(')) SkipParentheses();
                    Accept("AS");
                    if (Peek().IsSymbol('(')) SkipParentheses();
                    if (!Peek().IsSymbol(',')) break;
                    _i++;
                }
            }

            private void Update()
            {
                var references = ReadReferences("SET");
                if (!Accept("SET") || references.Count <= 1)
                {
                    foreach (var r in references) Add(r.Name);
                    return;
                }
                // Multi-table UPDATE: the tables its assignments name; all of them if one does not say.
                var assigned = new List<Reference>();
                var depth = 0;
                var expectColumn = true;
                while (!AtEnd)
                {
                    var t = Peek();
                    if (depth == 0 && (t.Is("WHERE") || t.Is("ORDER") || t.Is("LIMIT"))) break;
                    if (t.IsSymbol('(')) depth++;
                    else if (t.IsSymbol(')')) depth--;
                    else if (depth == 0 && t.IsSymbol(',')) { expectColumn = true; _i++; continue; }
                    else if (expectColumn && t.IsName)
                    {
                        expectColumn = false;
                        var parts = new List<string> { t.Text };
                        _i++;
                        while (Peek().IsSymbol('.') && Peek(1).IsName)
                        {
                            parts.Add(Peek(1).Text);
                            _i += 2;
                        }
                        var match = parts.Count == 1 ? null : Resolve(references, parts.Count == 3 ? parts[0] : null,
                            parts[parts.Count - 2]);
                        if (match == null)
                        {
                            foreach (var r in references) Add(r.Name);
                            return;
                        }
                        assigned.Add(match);
                        continue;
                    }
                    _i++;
                }
                foreach (var r in references.Where(assigned.Contains)) Add(r.Name);
            }

            private void Delete()
            {
                if (Accept("FROM"))
                {
                    var targets = ReadTargetList();
                    if (Accept("USING")) AddResolved(targets, ReadReferences("WHERE"));
                    else if (targets.Count > 0) Add(new TableName(targets[0].Database ?? _default, targets[0].Table));
                    return;
                }
                var listed = ReadTargetList();
                if (Accept("FROM")) AddResolved(listed, ReadReferences("WHERE"));
            }

            private void Drop()
            {
                if (Accept("TABLE") || Accept("TABLES"))
                {
                    if (Accept("IF")) Accept("EXISTS");
                    ReadNameList();
                }
                else if (Accept("DATABASE") || Accept("SCHEMA"))
                {
                    if (Accept("IF")) Accept("EXISTS");
                    _database = ReadWord();
                }
                else if (Accept("INDEX"))
                {
                    SkipToOn();
                }
            }

            private void Create()
            {
                if (Accept("TABLE"))
                {
                    if (Accept("IF")) { Accept("NOT"); Accept("EXISTS"); }
                    Add(ReadName());
                }
                else if (Accept("DATABASE") || Accept("SCHEMA"))
                {
                    if (Accept("IF")) { Accept("NOT"); Accept("EXISTS"); }
                    _database = ReadWord();
                }
                else if (Accept("INDEX"))
                {
                    SkipToOn();
                }
            }

            private void Alter()
            {
                if (Accept("DATABASE") || Accept("SCHEMA"))
                {
                    var named = Peek().IsName && !Peek().Is("CHARACTER") && !Peek().Is("DEFAULT") && !Peek().Is("COLLATE") && !Peek()
                        .Is("CHARSET") && !Peek().Is("COMMENT") && !Peek().Is("UPGRADE") && !Peek().Is("READ");
                    _database = named ? ReadWord() : _default;
                    return;
                }
                if (!Accept("TABLE")) return;
                if (Accept("IF")) Accept("EXISTS");
                Add(ReadName());
                // ALTER TABLE t ... RENAME [TO|AS] u: u is written too.
                var depth = 0;
                while (!AtEnd)
                {
                    var t = Peek();
                    if (t.IsSymbol('(')) depth++;
                    else if (t.IsSymbol(')')) depth--;
                    else if (depth == 0 && t.Is("RENAME") && !Peek(1).Is("COLUMN") && !Peek(1).Is("INDEX") && !Peek(1).Is("KEY")
                        && !Peek(1).Is("CONSTRAINT"))
                    {
                        _i++;
                        if (!Accept("TO")) Accept("AS");
                        Add(ReadName());
                        continue;
                    }
                    _i++;
                }
            }

            private void Rename()
            {
                while (!AtEnd)
                {
                    if (Accept("IF")) Accept("EXISTS");
                    Add(ReadName());
                    if (Accept("WAIT")) _i++;
                    Accept("NOWAIT");
                    if (!Accept("TO")) return;
                    Add(ReadName());
                    if (!Peek().IsSymbol(',')) return;
                    _i++;
                }
            }

            // CREATE/DROP INDEX name ... ON table.
            private void SkipToOn()
            {
                while (!AtEnd && !Peek().Is("ON")) _i++;
                if (Accept("ON")) Add(ReadName());
            }

            private void ReadNameList()
            {
                while (!AtEnd)
                {
                    Add(ReadName());
                    if (!Peek().IsSymbol(',')) return;
                    _i++;
                }
            }

            /// <summary>The t1, db.t2.* list of a multi-table DELETE (names or aliases, resolved later).</summary>
            private List<TableName> ReadTargetList()
            {
                var list = new List<TableName>();
                while (!AtEnd && Peek().IsName && !Peek().Is("FROM") && !Peek().Is("USING"))
                {
                    var name = ReadName(qualify: false);
                    if (name.Table != null) list.Add(name);
                    if (Peek().IsSymbol('.') && Peek(1).IsSymbol('*')) _i += 2;
                    if (!Peek().IsSymbol(',')) break;
                    _i++;
                }
                return list;
            }

            private void AddResolved(List<TableName> targets, List<Reference> references)
            {
                foreach (var t in targets)
                {
                    var match = Resolve(references, t.Database, t.Table);
                    Add(match != null ? match.Name : new TableName(t.Database ?? _default, t.Table));
                }
            }

            /// <summary>The reference an alias or a table name stands for: an alias first, then a table without one.</summary>
            private Reference? Resolve(List<Reference> references, string? database, string name)
            {
                if (database == null)
                {
                    var aliased = references.FirstOrDefault(r => r.Alias != null && string.Equals(r.Alias, name,
                        StringComparison.OrdinalIgnoreCase));
                    if (aliased != null) return aliased;
                }
                return references.FirstOrDefault(r => r.Alias == null && string.Equals(r.Name.Table, name, StringComparison.Ordinal)
                                                      && (database == null || string.Equals(r.Name.Database, database,
                                                          StringComparison.Ordinal)));
            }

            /// <summary>
            /// A table reference list (FROM/USING of DELETE, the tables of UPDATE), with joins,
            /// parenthesized joins, aliases, partitions and index hints, up to a stop keyword;
            /// derived tables and ON/USING conditions are skipped.
            /// </summary>
            private List<Reference> ReadReferences(string stopWord)
            {
                var references = new List<Reference>();
                var expectFactor = true;
                var depth = 0;
                while (!AtEnd)
                {
                    var t = Peek();
                    if (depth == 0 && (t.Is(stopWord) || t.Is("WHERE") || t.Is("ORDER") || t.Is("LIMIT") || t.Is("RETURNING"))) break;
                    if (expectFactor)
                    {
                        expectFactor = false;
                        if (t.IsSymbol('('))
                        {
                            if (Peek(1).Is("SELECT") || Peek(1).Is("WITH") || Peek(1).Is("VALUES") || Peek(1).Is("TABLE"))
                            {
                                SkipParentheses();
                                ReadAlias();
                                continue;
                            }
                            depth++;
                            expectFactor = true;
                            _i++;
                            continue;
                        }
                        if (t.IsName && !t.Is("LATERAL"))
                        {
                            var name = ReadName();
                            if (Peek().Is("PARTITION") && Peek(1).IsSymbol('(')) { _i++; SkipParentheses(); }
                            references.Add(new Reference { Name = name, Alias = ReadAlias() });
                            continue;
                        }
                    }
                    if (t.IsSymbol(',') || t.Is("JOIN") || t.Is("STRAIGHT_JOIN")) expectFactor = true;
                    if (t.IsSymbol('(')) { SkipParentheses(); continue; }
                    if (t.IsSymbol(')')) depth--;
                    _i++;
                }
                return references;
            }

            private string? ReadAlias()
            {
                if (Accept("AS")) return ReadWord();
                var t = Peek();
                if (AtEnd) return null;
                if (t.Kind == StatementTokenKind.Quoted || t.Kind == StatementTokenKind.Word && !NotAnAlias.Contains(t.Text))
                {
                    _i++;
                    return t.Text;
                }
                return null;
            }

            private void SkipParentheses()
            {
                var depth = 0;
                while (Has(_i))
                {
                    var t = _t[_i++];
                    if (t.IsSymbol('(')) depth++;
                    else if (t.IsSymbol(')') && --depth == 0) return;
                }
            }

            private string? ReadWord()
            {
                if (AtEnd || !Peek().IsName) return null;
                return _t[_i++].Text;
            }

            /// <summary>name or db.name; with <paramref name="qualify"/>, an unqualified name takes the default database.</summary>
            private TableName ReadName(bool qualify = true)
            {
                var first = ReadWord();
                if (first == null) return default(TableName);
                if (Peek().IsSymbol('.') && Peek(1).IsName)
                {
                    _i++;
                    return new TableName(first, ReadWord()!); // Peek(1) is a name
                }
                return new TableName(qualify ? _default : null, first);
            }

            private void Add(TableName name)
            {
                if (!string.IsNullOrEmpty(name.Table)) _tables.Add(name);
            }
        }
    }
}
