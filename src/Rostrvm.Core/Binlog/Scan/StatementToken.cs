
namespace Rostrvm.Core.Binlog
{
    internal struct StatementToken
    {
        public StatementTokenKind Kind;
        public string Text;

        public bool IsName => Kind == StatementTokenKind.Word || Kind == StatementTokenKind.Quoted;
        public bool Is(string word) => Kind == StatementTokenKind.Word && string.Equals(Text, word,
            System.StringComparison.OrdinalIgnoreCase);
        public bool IsSymbol(char c) => Kind == StatementTokenKind.Symbol && Text.Length == 1 && Text[0] == c;
        public override string ToString() => Text;
    }
}
