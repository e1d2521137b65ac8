using System;
using System.Runtime.InteropServices;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// The system's libzstd (the library the zstd tool itself uses), when the machine has it: it
    /// compresses a backup about 1.5 times as fast as the managed port, on a machine where the
    /// server and the dump already share the cores. Frames are the same format either way
    /// (level 3, content checksum), so <c>zstd -dc</c> and our reader take both. Where the
    /// library is missing (Windows, or Linux without it) <see cref="Available"/> is false and
    /// <see cref="ZstdCodec"/> keeps the managed port.
    /// </summary>
    internal static class NativeZstd
    {
        private const string Library = "libzstd.so.1";
        private const int CompressionLevelParameter = 100; // ZSTD_c_compressionLevel
        private const int ChecksumFlagParameter = 201; // ZSTD_c_checksumFlag
        private const uint FirstVersion = 10400; // ZSTD_compress2 and parameters are stable from 1.4.0

        /// <summary>AppContext switch: true keeps the managed port even where the library is.</summary>
        public const string ManagedOnlySwitch = "Rostrvm.Backup.ManagedZstd";

        private static readonly Lazy<bool> s_available = new Lazy<bool>(Probe);

        [ThreadStatic] private static Context? t_context;

        public static bool Available =>
            !(AppContext.TryGetSwitch(ManagedOnlySwitch, out var managed) && managed) && s_available.Value;

        /// <summary>The size no frame of <paramref name="length"/> bytes exceeds (ZSTD_compressBound).</summary>
        public static int Bound(int length) => (int)ZSTD_compressBound((UIntPtr)length);

        /// <summary>
        /// One frame of the first <paramref name="length"/> bytes of <paramref name="data"/> into
        /// <paramref name="output"/>; returns its size.
        /// </summary>
        public static int Compress(byte[] data, int length, byte[] output, int level)
        {
            var context = t_context;
            if (context == null || context.Level != level) t_context = context = new Context(level);
            // The arrays are passed pinned from their start; the length bounds what is read.
            return Checked(ZSTD_compress2(context, output, (UIntPtr)output.Length, data, (UIntPtr)length));
        }

        private static int Checked(UIntPtr result)
        {
            if (ZSTD_isError(result) != 0)
                throw new InvalidOperationException("libzstd failed to compress: " +
                    Marshal.PtrToStringAnsi(ZSTD_getErrorName(result)));
            return (int)result;
        }

        private static bool Probe()
        {
            try { return ZSTD_versionNumber() >= FirstVersion; }
            catch (DllNotFoundException) { return false; }
            catch (EntryPointNotFoundException) { return false; }
            catch (BadImageFormatException) { return false; }
        }

        /// <summary>A compression context per thread, freed with the thread's last reference to it.</summary>
        private sealed class Context : SafeHandle
        {
            public Context(int level) : base(IntPtr.Zero, true)
            {
                SetHandle(ZSTD_createCCtx());
                if (IsInvalid) throw new OutOfMemoryException("libzstd could not make a compression context.");
                Level = level;
                Checked(ZSTD_CCtx_setParameter(this, CompressionLevelParameter, level));
                Checked(ZSTD_CCtx_setParameter(this, ChecksumFlagParameter, 1));
            }

            public int Level { get; }

            public override bool IsInvalid => handle == IntPtr.Zero;

            protected override bool ReleaseHandle()
            {
                ZSTD_freeCCtx(handle);
                return true;
            }
        }

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)] private static extern uint ZSTD_versionNumber();
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)] private static extern IntPtr ZSTD_createCCtx();
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)] private static extern UIntPtr ZSTD_freeCCtx(IntPtr context);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        private static extern UIntPtr ZSTD_CCtx_setParameter(Context context, int parameter, int value);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        private static extern UIntPtr ZSTD_compress2(Context context, byte[] destination, UIntPtr capacity, byte[] source, UIntPtr size);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)] private static extern UIntPtr ZSTD_compressBound(UIntPtr size);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)] private static extern uint ZSTD_isError(UIntPtr code);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)] private static extern IntPtr ZSTD_getErrorName(UIntPtr code);
    }
}
