using System;
using System.Collections.Generic;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// Where the row tuples of a multi-row <c>INSERT INTO ... VALUES (...),(...)</c> start, so that
    /// the loader can send a long one as several shorter INSERTs of the same rows: smaller strings
    /// in flight, whatever the statement size of the file. Anything else (no VALUES, a clause after
    /// the rows, unbalanced text) is not split.
    /// </summary>
    internal static class InsertTuples
    {
        private static readonly byte[] s_insert = { (byte)'I', (byte)'N', (byte)'S', (byte)'E', (byte)'R', (byte)'T', (byte)' ' };
        private static readonly byte[] s_values = { (byte)'V', (byte)'A', (byte)'L', (byte)'U', (byte)'E', (byte)'S' };
        private static readonly byte[] s_tupleSpecials = { (byte)'(', (byte)')', (byte)'\'', (byte)'"', (byte)'`' };

        /// <summary>
        /// The offset of each tuple's opening parenthesis (the prefix is everything before the
        /// first), or null when the statement is not a plain multi-row INSERT.
        /// </summary>
        public static List<int>? Find(byte[] statement, int length)
        {
            if (!StartsWith(statement, length, 0, s_insert)) return null;
            var i = 0;
            var valuesEnd = -1;
            // The prefix: up to the keyword VALUES outside quotes and parentheses.
            var depth = 0;
            while (i < length && valuesEnd < 0)
            {
                var b = statement[i];
                if (b == '\'' || b == '"' || b == '`') { i = StatementText.SkipQuoted(statement, length, i); continue; }
                if (b == '(') depth++;
                else if (b == ')') depth--;
                else if (depth == 0 && (b == 'V' || b == 'v') && (statement[i - 1] == ' ' || statement[i - 1] == ')')
                    && StartsWith(statement, length, i, s_values) && i + s_values.Length < length)
                {
                    var after = statement[i + s_values.Length];
                    if (after == ' ' || after == '(' || after == '\n') valuesEnd = i + s_values.Length;
                }
                i++;
            }
            if (valuesEnd < 0) return null;
            i = valuesEnd;
            var starts = new List<int>();
            while (true)
            {
                while (i < length && IsSpace(statement[i])) i++;
                if (i >= length || statement[i] != '(') return null;
                starts.Add(i);
                i = SkipTuple(statement, length, i);
                if (i > length) return null;
                while (i < length && IsSpace(statement[i])) i++;
                if (i == length) return starts;
                if (statement[i] != ',') return null; // ON DUPLICATE KEY UPDATE and the like
                i++;
            }
        }

        /// <summary>The offset after the tuple's closing parenthesis, or past <paramref name="length"/> when it has none.</summary>
        private static int SkipTuple(byte[] statement, int length, int open)
        {
            var depth = 0;
            var text = new ReadOnlySpan<byte>(statement, 0, length);
            var i = open;
            while (i < length)
            {
                // Straight to the next byte that matters: most of a row is inside quotes or plain numbers.
                var next = text.Slice(i).IndexOfAny(s_tupleSpecials);
                if (next < 0) break;
                i += next;
                var b = statement[i];
                if (b == '(') { depth++; i++; continue; }
                if (b == ')') { depth--; i++; if (depth == 0) return i; continue; }
                i = StatementText.SkipQuoted(statement, length, i);
            }
            return length + 1;
        }

        private static bool IsSpace(byte b) => b == ' ' || b == '\n' || b == '\r' || b == '\t';

        private static bool StartsWith(byte[] statement, int length, int at, byte[] word)
        {
            if (length - at < word.Length) return false;
            for (var k = 0; k < word.Length; k++)
                if ((statement[at + k] | 0x20) != (word[k] | 0x20)) return false;
            return true;
        }
    }
}
