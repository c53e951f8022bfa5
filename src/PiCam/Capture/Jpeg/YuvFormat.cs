namespace PiCam.Capture.Jpeg;

/// <summary>
/// A JPEG's picture as planar YUV in its own chroma subsampling (TurboJPEG's <c>TJSAMP_*</c>), planes
/// unpadded one after the other: the layout of ffmpeg's <c>rawvideo</c> in <see cref="PixelFormat"/>.
/// </summary>
internal readonly record struct YuvFormat(int Width, int Height, int Subsampling)
{
    /// <summary>ffmpeg's name for the layout, or null for a subsampling ffmpeg's rawvideo has no planar name for.</summary>
    public string? PixelFormat => Subsampling switch
    {
        0 => "yuv444p",
        1 => "yuv422p",
        2 => "yuv420p",
        3 => "gray",
        4 => "yuv440p",
        5 => "yuv411p",
        _ => null,
    };

    public int FrameBytes => checked((int)TurboJpegNative.BufferSizeYuv(Width, 1, Height, Subsampling));
}
