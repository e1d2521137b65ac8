using System;

namespace Rostrvm.Core.Backup
{
    /// <summary>How one selected value becomes SQL text.</summary>
    [Flags]
    public enum DumpValueKind
    {
        /// <summary>The bytes as sent (numbers, BIT as its integer).</summary>
        Plain = 0,
        /// <summary>'...' with backslash escapes.</summary>
        Quoted = 1,
        /// <summary>'...' of text that never needs escapes (dates and times).</summary>
        QuotedAsIs = 2,
        /// <summary>0x... (or '' when empty): binary values in format 1.</summary>
        Hex = 3,
        /// <summary>_binary'...' escaped as <see cref="Quoted"/> (mysqldump without --hex-blob): binary values from format 2.</summary>
        BinaryQuoted = 4,
        /// <summary>The form, without <see cref="MaybeNull"/>.</summary>
        Form = 7,
        /// <summary>The column may hold NULL (tested per value); NOT NULL columns skip the test.</summary>
        MaybeNull = 8,
    }
}
