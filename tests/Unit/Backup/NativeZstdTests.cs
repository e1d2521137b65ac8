using System;
using System.Runtime.InteropServices;
using Rostrvm.Core.Backup;
using Xunit;

namespace Rostrvm.Tests.Unit.Backup
{
    /// <summary>The system's libzstd, where there is one, writes frames the managed reader and zstd -dc take.</summary>
    public class NativeZstdTests
    {
        [Fact]
        public void The_library_is_found_on_Linux_where_the_zstd_tool_is_installed()
        {
            // The CI installs the zstd package (and with it libzstd.so.1); Windows has no such library.
            Assert.Equal(RuntimeInformation.IsOSPlatform(OSPlatform.Linux), NativeZstd.Available);
        }

        [Fact]
        public void A_frame_round_trips_through_the_managed_decompressor_with_its_checksum()
        {
            Assert.True(NativeZstd.Available || !RuntimeInformation.IsOSPlatform(OSPlatform.Linux));
            if (!NativeZstd.Available) return;
            var data = new byte[300000];
            new Random(7).NextBytes(data);
            for (var i = 0; i < data.Length; i += 3) data[i] = (byte)'x'; // something to compress
            var length = data.Length - 1000; // only the first length bytes are read
            var output = new byte[NativeZstd.Bound(length)];
            var size = NativeZstd.Compress(data, length, output, 3);

            Assert.InRange(size, 1, length - 1);
            Assert.Equal(new byte[] { 0x28, 0xb5, 0x2f, 0xfd }, output[..4]);
            Assert.NotEqual(0, output[4] & 0x04); // Content_Checksum_flag, as the zstd tool writes
            using var decompressor = new ZstdSharp.Decompressor();
            Assert.Equal(data[..length], decompressor.Unwrap(new ReadOnlySpan<byte>(output, 0, size)).ToArray());
        }
    }
}
