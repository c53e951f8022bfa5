namespace PiCam.Capture.Jpeg;

/// <summary>
/// Decodes JPEGs to planar YUV (<see cref="YuvFormat"/>) with libjpeg-turbo into a buffer it owns, for an
/// encoder that takes raw pictures. Not thread-safe; one per encoder run.
/// </summary>
internal sealed unsafe class JpegYuvDecoder : IDisposable
{
    private nint _handle;
    private byte[] _output = [];

    public JpegYuvDecoder()
    {
        _handle = TurboJpegNative.InitDecompress();
        if (_handle == 0)
        {
            throw new InvalidOperationException("libjpeg-turbo could not create a decompressor");
        }
    }

    /// <summary>The picture's size and subsampling from its header; false if it is no JPEG libjpeg-turbo reads.</summary>
    public bool TryReadFormat(ReadOnlySpan<byte> jpeg, out YuvFormat format)
    {
        ObjectDisposedException.ThrowIf(_handle == 0, this);
        int width, height, subsampling, colorspace;
        fixed (byte* source = jpeg)
        {
            if (TurboJpegNative.DecompressHeader(_handle, source, (nuint)jpeg.Length, &width, &height, &subsampling, &colorspace) != 0)
            {
                format = default;
                return false;
            }
        }

        format = new YuvFormat(width, height, subsampling);
        return true;
    }

    /// <summary>
    /// Decodes a JPEG of <paramref name="format"/>; the result is valid until the next call. False if the JPEG
    /// is of another format or cannot be decoded (a warning, such as a truncated scan, still gives a picture).
    /// </summary>
    public bool TryDecode(ReadOnlySpan<byte> jpeg, YuvFormat format, out ReadOnlyMemory<byte> yuv)
    {
        yuv = default;
        if (!TryReadFormat(jpeg, out var actual) || actual != format)
        {
            return false;
        }

        var size = format.FrameBytes;
        if (_output.Length < size)
        {
            _output = GC.AllocateUninitializedArray<byte>(size);
        }

        fixed (byte* source = jpeg)
        fixed (byte* output = _output)
        {
            var result = TurboJpegNative.DecompressToYuv(_handle, source, (nuint)jpeg.Length, output, format.Width, 1, format.Height, TurboJpegNative.FlagFastDct);
            if (result != 0 && TurboJpegNative.ErrorCode(_handle) != TurboJpegNative.ErrorWarning)
            {
                return false;
            }
        }

        yuv = _output.AsMemory(0, size);
        return true;
    }

    public void Dispose()
    {
        var handle = Interlocked.Exchange(ref _handle, 0);
        if (handle != 0)
        {
            TurboJpegNative.Destroy(handle);
        }
    }
}
