
namespace Rostrvm.Core.Binlog
{
    internal enum StatementTokenKind
    {
        /// <summary>A keyword or an unquoted identifier.</summary>
        Word,
        /// <summary>A `backquoted` identifier (or "double-quoted" under ANSI_QUOTES); Text is the name unescaped.</summary>
        Quoted,
        /// <summary>A string literal; Text is left empty, as nothing reads it.</summary>
        String,
        /// <summary>One punctuation character: . , ( ) ; = and the rest.</summary>
        Symbol,
    }
}
