using System;
using System.Collections.Generic;

namespace Rostrvm.Core.Recordings
{
    /// <summary>
    /// How a body is stored in the archive. Audio that is already compressed (MP3, Ogg/Opus, GSM,
    /// AMR, AAC, FLAC, and WAV files carrying such codecs) is stored as is: deflating it again costs
    /// time and saves nothing. PCM WAV and text (email, SMS, chat) are deflated.
    /// Decided from the declared format and the first bytes of the body, whichever is more specific.
    /// </summary>
    public static class BodyFormat
    {
        /// <summary>Bytes of the body start this class looks at.</summary>
        public const int SniffLength = 64;

        private static readonly HashSet<string> s_compressed = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "mp3", "mpeg", "ogg", "oga", "opus", "gsm", "amr", "awb", "aac", "m4a", "mp4", "wma", "flac", "g729", "g723", "speex", "spx", "webm", "zip", "gz",
            "audio/mpeg", "audio/ogg", "audio/opus", "audio/gsm", "audio/amr", "audio/aac", "audio/mp4", "audio/flac", "audio/webm",
        };

        private static readonly Dictionary<string, string> s_kindExtensions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Voice"] = ".wav", ["Email"] = ".eml", ["Sms"] = ".txt", ["Chat"] = ".txt",
        };

        /// <summary>True when the body should be stored without deflating it.</summary>
        public static bool IsAlreadyCompressed(string declaredFormat, byte[] head, int headLength)
        {
            var sniffed = Sniff(head, headLength);
            if (sniffed != null) return sniffed.Value;
            return !string.IsNullOrEmpty(declaredFormat) && s_compressed.Contains(declaredFormat.Trim().TrimStart('.'));
        }

        /// <summary>The entry extension: the declared format when it looks like one, else by kind.</summary>
        public static string Extension(string kind, string declaredFormat)
        {
            if (!string.IsNullOrEmpty(declaredFormat))
            {
                var format = declaredFormat.Trim().TrimStart('.');
                var slash = format.LastIndexOf('/');
                if (slash >= 0) format = format.Substring(slash + 1);
                if (format.Length > 0 && format.Length <= 8 && IsAlphanumeric(format)) return "." + format.ToLowerInvariant();
            }
            return s_kindExtensions.TryGetValue(kind ?? string.Empty, out var extension) ? extension : ".bin";
        }

        /// <summary>null when the bytes say nothing; true for compressed containers; false for PCM WAV.</summary>
        private static bool? Sniff(byte[] head, int length)
        {
            if (head == null || length < 4) return null;
            if (Starts(head, length, "ID3") || (head[0] == 0xFF && (head[1] & 0xE0) == 0xE0)) return true; // MP3
            if (Starts(head, length, "OggS") || Starts(head, length, "fLaC") || Starts(head, length, "#!AMR")) return true;
            if (Starts(head, length, "RIFF") && length >= 22 && head[8] == 'W' && head[9] == 'A' && head[10] == 'V' && head[11] == 'E')
            {
                // The first chunk after WAVE is normally "fmt "; its format tag says the codec.
                if (head[12] == 'f' && head[13] == 'm' && head[14] == 't')
                {
                    var tag = head[20] | head[21] << 8;
                    // 1 PCM, 3 IEEE float, 6 A-law, 7 mu-law and 0xFFFE extensible compress with deflate;
                    // everything else (GSM 6.10 0x31, ADPCM 2/0x11, G.729 ...) is already compressed.
                    return !(tag == 1 || tag == 3 || tag == 6 || tag == 7 || tag == 0xFFFE);
                }
                return false;
            }
            return null;
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
