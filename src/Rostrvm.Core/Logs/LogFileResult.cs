using System;

namespace Rostrvm.Core.Logs
{
    /// <summary>What the log job did to one file: the output object of Compress-/Remove-RostrvmLog.</summary>
    public sealed class LogFileResult
    {
        /// <summary>Compressed, AlreadyCompressed, Deleted or Skipped.</summary>
        public string Action { get; set; } = "";
        /// <summary>Why a file was skipped: InUse, ChangedWhileCompressing, NotALogZip, Missing.</summary>
        public string? Reason { get; set; }
        public string Name { get; set; } = "";
        public string Path { get; set; } = "";
        /// <summary>Month folder of the zip (Nov26), for compressed files and deleted zips.</summary>
        public string? MonthFolder { get; set; }
        public string? ZipPath { get; set; }
        /// <summary>Last write of the log (local time); the zip and its entry carry the same time.</summary>
        public DateTime LastWriteTime { get; set; }
        /// <summary>Bytes of the original file (of the zip, for a deleted zip).</summary>
        public long Length { get; set; }
        public long ZipLength { get; set; }
        /// <summary>Zip size divided by original size (0.18 = the zip is 18% of the log).</summary>
        public double Ratio { get; set; }
    }
}
