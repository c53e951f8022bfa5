namespace PiCam.Capture.Jpeg;

/// <summary>Encodes RGB pixels to JPEG with libjpeg-turbo into a buffer it owns. Not thread-safe; one per source.</summary>
internal sealed unsafe class JpegEncoder : IDisposable
{
    private nint _handle;
    private readonly byte[] _output;

    public JpegEncoder(int width, int height)
    {
        Width = width;
        Height = height;
        _handle = TurboJpegNative.InitCompress();
        if (_handle == 0)
        {
            throw new InvalidOperationException("libjpeg-turbo could not create a compressor");
        }

        _output = GC.AllocateUninitializedArray<byte>(checked((int)TurboJpegNative.BufferSize(width, height, TurboJpegNative.Subsampling420)));
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Encodes tightly packed RGB pixels; the result is valid until the next call.</summary>
    public ReadOnlySpan<byte> Encode(ReadOnlySpan<byte> rgb, int quality)
    {
        ObjectDisposedException.ThrowIf(_handle == 0, this);
        if (rgb.Length < Width * Height * 3)
        {
            throw new ArgumentException("too few pixels for the frame size", nameof(rgb));
        }

        fixed (byte* source = rgb)
        fixed (byte* output = _output)
        {
            var jpeg = output;
            var size = (nuint)_output.Length;
            var result = TurboJpegNative.Compress(
                _handle, source, Width, Width * 3, Height, TurboJpegNative.PixelFormatRgb,
                &jpeg, &size, TurboJpegNative.Subsampling420, quality,
                TurboJpegNative.FlagNoRealloc | TurboJpegNative.FlagFastDct);
            if (result != 0)
            {
                throw new InvalidOperationException($"JPEG encoding failed: {TurboJpegNative.LastError(_handle)}");
            }

            return _output.AsSpan(0, (int)size);
        }
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
