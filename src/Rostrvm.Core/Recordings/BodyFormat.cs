using System;
using System.Collections.Generic;

namespace Rostrvm.Core.Recordings
{
    /// <summary>
    /// How a body is stored in the archive. Audio is stored as is: compressed audio (MP3, Ogg/Opus,
    /// GSM, AMR, AAC, FLAC, WAV carrying such codecs) gains nothing from deflate, and PCM speech
    /// gains about 15% for a managed deflater that runs at a small fraction of disk speed
    /// (bench/jobs/Recordings.ps1), so archiving would be CPU-bound. Text (email, SMS, chat) is
    /// deflated. Decided from the first bytes of the body, then the declared format or MIME type.
    /// </summary>
    public static class BodyFormat
    {
        /// <summary>Bytes of the body start this class looks at.</summary>
        public const int SniffLength = 64;

        private static readonly HashSet<string> s_compressed = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "mp3", "mpeg", "ogg", "oga", "opus", "gsm", "amr", "awb", "aac", "m4a", "mp4", "wma", "flac", "g729", "g723", "speex", "spx",
                "webm", "zip", "gz",
            "audio/mpeg", "audio/ogg", "audio/opus", "audio/gsm", "audio/amr", "audio/aac", "audio/mp4", "audio/flac", "audio/webm",
        };

        private static readonly Dictionary<string, string> s_kindExtensions =
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Voice"] = ".wav", ["Email"] = ".eml", ["Sms"] = ".txt", ["Chat"] = ".txt",
        };

        /// <summary>True when the body should be stored without deflating it (audio), false to deflate it (text).</summary>
        public static bool StoreWithoutDeflate(string? declaredFormat, byte[] head, int headLength)
        {
            if (IsAudio(head, headLength)) return true;
            if (declaredFormat is not { Length: > 0 }) return false;
            var format = declaredFormat.Trim().TrimStart('.');
            return s_compressed.Contains(format) || format.StartsWith("audio/", StringComparison.OrdinalIgnoreCase)
                || string.Equals(format, "wav", StringComparison.OrdinalIgnoreCase)
                    || string.Equals(format, "wave", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The entry extension: the declared format when it looks like one, else by kind.</summary>
        public static string Extension(string kind, string? declaredFormat)
        {
            if (declaredFormat is { Length: > 0 })
            {
                var format = declaredFormat.Trim().TrimStart('.');
                var slash = format.LastIndexOf('/');
                if (slash >= 0) format = format.Substring(slash + 1);
                if (format.Length > 0 && format.Length <= 8 && IsAlphanumeric(format)) return "." + format.ToLowerInvariant();
            }
            return s_kindExtensions.TryGetValue(kind ?? string.Empty, out var extension) ? extension : ".bin";
        }

        /// <summary>True when the first bytes are those of an audio file (WAV, MP3, Ogg, FLAC, AMR).</summary>
        private static bool IsAudio(byte[]? head, int length)
        {
            if (head == null || length < 4) return false;
            if (Starts(head, length, "ID3") || (head[0] == 0xFF && (head[1] & 0xE0) == 0xE0)) return true; // MP3
            if (Starts(head, length, "OggS") || Starts(head, length, "fLaC") || Starts(head, length, "#!AMR")) return true;
            return Starts(head, length, "RIFF") && length >= 12 && head[8] == 'W' && head[9] == 'A' && head[10] == 'V' && head[11] == 'E';
        }

        private static bool Starts(byte[] head, int length, string magic)
        {
            if (length < magic.Length) return false;
            for (var i = 0; i < magic.Length; i++) if (head[i] != magic[i]) return false;
            return true;
        }

        private static bool IsAlphanumeric(string value)
        {
            foreach (var c in value) if (!char.IsLetterOrDigit(c) || c > 127) return false;
            return true;
        }
    }
}
