using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;

namespace Rostrvm.Core.Configuration
{
    /// <summary>
    /// Finds, reads and writes the settings file. The root comes from an explicit path, else
    /// $env:ROSTRVM_ROOT, else the product's default install folder.
    /// </summary>
    public static class SettingsStore
    {
        public const string FileName = "RostrvmMaintenance.json";
        public const string RootVariable = "ROSTRVM_ROOT";

        private static readonly JsonSerializerOptions s_json = new JsonSerializerOptions
        {
            WriteIndented = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            PropertyNameCaseInsensitive = true,
        };

        public static string DefaultRoot()
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(RootVariable);
            if (!string.IsNullOrEmpty(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
            return RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ProgramFiles), "rostrvm")
                : Path.Combine("/opt", "rostrvm");
        }

        /// <summary>The settings file: the given path, or the one under the root.</summary>
        public static string ResolvePath(string? configurationPath)
        {
            if (!string.IsNullOrEmpty(configurationPath)) return Path.GetFullPath(configurationPath);
            return Path.Combine(DefaultRoot(), FileName);
        }

        /// <summary>
        /// Reads the settings; a missing file gives the defaults, a broken one an error. A file named
        /// explicitly must exist unless <paramref name="mayBeNew"/> (the command that creates it):
        /// a mistyped path must not fall back to the defaults and then reach another server.
        /// </summary>
        public static RostrvmSettings Load(string? configurationPath = null, bool mayBeNew = false)
        {
            var path = ResolvePath(configurationPath);
            if (!string.IsNullOrEmpty(configurationPath) && !mayBeNew && !File.Exists(path))
                throw new RostrvmException("SettingsFileMissing", FailureKind.ObjectNotFound,
                    $"The settings file '{path}' does not exist. Check the path given to -ConfigurationPath, or create the file with " +
                        $"Set-RostrvmConfiguration -ConfigurationPath '{path}'.",
                    path);
            RostrvmSettings settings;
            if (File.Exists(path))
            {
                try
                {
                    settings = JsonSerializer.Deserialize<RostrvmSettings>(File.ReadAllText(path, Encoding.UTF8), s_json)
                        ?? new RostrvmSettings();
                }
                catch (JsonException ex)
                {
                    throw new RostrvmException("SettingsFileInvalid", FailureKind.InvalidData,
                        $"The settings file '{path}' is not valid JSON ({ex.Message}). Correct it in an editor, or delete it to return " +
                            $"to the defaults.",
                        path, ex);
                }
            }
            else
            {
                settings = new RostrvmSettings();
            }

            if (string.IsNullOrEmpty(settings.Root)) settings.Root = Path.GetDirectoryName(path);
            settings.SettingsPath = path;
            Validate(settings, path);
            // Windows: what the module creates from here on is also the task account's (IO/FilePermissions).
            IO.FilePermissions.TaskAccount = settings.TaskAccount;
            return settings;
        }

        public static void Save(RostrvmSettings settings, string? configurationPath = null)
        {
            var path = ResolvePath(configurationPath);
            Validate(settings, path);
            Directory.CreateDirectory(Path.GetDirectoryName(path));
            using (var file = AtomicFile.Create(path, ownerOnly: true))
            {
                var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(settings, s_json));
                file.Stream.Write(bytes, 0, bytes.Length);
                file.Commit();
            }
        }

        private static void Validate(RostrvmSettings s, string path)
        {
            void Fail(string what) => throw new RostrvmException("SettingsValueInvalid", FailureKind.InvalidData,
                $"The settings file '{path}' has an invalid value: {what}. Change it with Set-RostrvmConfiguration.", path);

            if (s.Port <= 0 || s.Port > 65535) Fail($"Port {s.Port} is not between 1 and 65535");
            if (s.BackupCycle < 1 || s.BackupCycle > 99) Fail($"BackupCycle {s.BackupCycle} is not between 1 and 99");
            if (s.MirrorCycle < 1 || s.MirrorCycle > 99) Fail($"MirrorCycle {s.MirrorCycle} is not between 1 and 99");
            if (s.MisRetentionMonths < 1) Fail($"MisRetentionMonths {s.MisRetentionMonths} is below 1");
            if (s.MisBatchSize < 1) Fail($"MisBatchSize {s.MisBatchSize} is below 1");
            if (s.LogCompressAfterDays < 0) Fail($"LogCompressAfterDays {s.LogCompressAfterDays} is negative");
            if (s.LogRetentionDays < 1) Fail($"LogRetentionDays {s.LogRetentionDays} is below 1");
            if (s.ArchiveMaxSizeMB < 1) Fail($"ArchiveMaxSizeMB {s.ArchiveMaxSizeMB} is below 1");
            if (!string.IsNullOrEmpty(s.ArchivePeriod) && Array.IndexOf(Recordings.ArchivePeriod.All, s.ArchivePeriod) < 0)
                Fail($"ArchivePeriod '{s.ArchivePeriod}' is not one of {string.Join(", ", Recordings.ArchivePeriod.All)}");
            if (!string.IsNullOrEmpty(s.BackupCompression) && !string.Equals(s.BackupCompression, "Gzip",
                StringComparison.OrdinalIgnoreCase) && !string.Equals(s.BackupCompression, "Zstd", StringComparison.OrdinalIgnoreCase))
                Fail($"BackupCompression '{s.BackupCompression}' is not Gzip or Zstd");
            if (string.IsNullOrEmpty(s.Version) && string.IsNullOrEmpty(s.Database)) Fail("neither Version nor Database is set");
        }
    }
}
