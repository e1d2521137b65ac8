using System.Text;
using Rostrvm.Core.Recordings;
using Xunit;

namespace Rostrvm.Tests.Unit.Recordings
{
    public sealed class BodyFormatTests
    {
        private static byte[] Head(string text) => Encoding.ASCII.GetBytes(text.PadRight(64, '\0'));

        [Theory]
        [InlineData("RIFF\0\0\0\0WAVEfmt ", null, true)]
        [InlineData("ID3\u0003", "wav", true)]
        [InlineData("OggS", null, true)]
        [InlineData("plain text body", "mp3", true)]
        [InlineData("plain text body", "audio/gsm", true)]
        [InlineData("From: a@b\r\n", null, false)]
        [InlineData("[{\"from\":\"visitor\"}]", "application/json", false)]
        public void Audio_is_stored_and_text_deflated(string head, string? format, bool stored)
        {
            Assert.Equal(stored, BodyFormat.StoreWithoutDeflate(format, Head(head), 64));
        }

        [Theory]
        [InlineData("Voice", "wav", ".wav")]
        [InlineData("Voice", "MP3", ".mp3")]
        [InlineData("Voice", null, ".wav")]
        [InlineData("Email", null, ".eml")]
        [InlineData("Sms", "", ".txt")]
        [InlineData("Chat", "../../etc", ".etc")]
        [InlineData("Other", null, ".bin")]
        public void Entry_extension_comes_from_a_safe_format_or_the_kind(string kind, string? format, string extension)
        {
            Assert.Equal(extension, BodyFormat.Extension(kind, format));
        }
    }
}
