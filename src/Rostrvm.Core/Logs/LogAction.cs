using System;

namespace Rostrvm.Core.Logs
{
    /// <summary>One planned step of the log job, shown by -WhatIf and confirmed one by one.</summary>
    public sealed class LogAction
    {
        public LogActionKind Kind { get; set; }
        public string Path { get; set; } = "";
        public string Name { get; set; } = "";
        public DateTime LastWriteTime { get; set; }
        public long Length { get; set; }
        /// <summary>Month folder name: where a log goes, or where a zip to delete is.</summary>
        public string? MonthFolder { get; set; }
        /// <summary>The zip a log will be written to (another " (2)" name if that one holds other content).</summary>
        public string? ZipPath { get; set; }
        /// <summary>True for a zip inside a month folder.</summary>
        public bool IsZip { get; set; }

        /// <summary>The ShouldProcess action text.</summary>
        public string Description => Kind == LogActionKind.Compress
            ? $"Compress into {MonthFolder}{System.IO.Path.DirectorySeparatorChar}{System.IO.Path.GetFileName(ZipPath)} and delete the " +
                $"original"
            : $"Delete (last written {LastWriteTime:yyyy-MM-dd HH:mm})";
    }
}
