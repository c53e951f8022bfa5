using System.Runtime.InteropServices;

namespace PiCam.Capture.Jpeg;

/// <summary>The few libjpeg-turbo (TurboJPEG 2.x API) calls we need; <c>libturbojpeg.so.0</c> from Debian's libturbojpeg0.</summary>
internal static partial class TurboJpegNative
{
    private const string Library = "libturbojpeg.so.0";

    public const int PixelFormatRgb = 0;
    public const int Subsampling420 = 2;
    public const int ErrorWarning = 0;
    public const int FlagNoRealloc = 1024;
    public const int FlagFastDct = 2048;

    [LibraryImport(Library, EntryPoint = "tjInitCompress")]
    public static partial nint InitCompress();

    [LibraryImport(Library, EntryPoint = "tjInitDecompress")]
    public static partial nint InitDecompress();

    [LibraryImport(Library, EntryPoint = "tjDestroy")]
    public static partial int Destroy(nint handle);

    [LibraryImport(Library, EntryPoint = "tjBufSize")]
    public static partial nuint BufferSize(int width, int height, int subsampling);

    [LibraryImport(Library, EntryPoint = "tjCompress2")]
    public static unsafe partial int Compress(
        nint handle, byte* source, int width, int pitch, int height, int pixelFormat,
        byte** jpeg, nuint* jpegSize, int subsampling, int quality, int flags);

    [LibraryImport(Library, EntryPoint = "tjDecompressHeader3")]
    public static unsafe partial int DecompressHeader(
        nint handle, byte* jpeg, nuint jpegSize, int* width, int* height, int* subsampling, int* colorspace);

    [LibraryImport(Library, EntryPoint = "tjDecompress2")]
    public static unsafe partial int Decompress(
        nint handle, byte* jpeg, nuint jpegSize, byte* destination, int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(Library, EntryPoint = "tjBufSizeYUV2")]
    public static partial nuint BufferSizeYuv(int width, int pad, int height, int subsampling);

    [LibraryImport(Library, EntryPoint = "tjDecompressToYUV2")]
    public static unsafe partial int DecompressToYuv(
        nint handle, byte* jpeg, nuint jpegSize, byte* destination, int width, int pad, int height, int flags);

    [LibraryImport(Library, EntryPoint = "tjGetErrorCode")]
    public static partial int ErrorCode(nint handle);

    [LibraryImport(Library, EntryPoint = "tjGetErrorStr2")]
    public static partial nint ErrorString(nint handle);

    public static string LastError(nint handle) => Marshal.PtrToStringUTF8(ErrorString(handle)) ?? "unknown libjpeg-turbo error";
}
