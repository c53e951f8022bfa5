using PiCam.Capture.Jpeg;
using Xunit;

namespace PiCam.Tests.Support;

/// <summary>Checks that bytes are a whole, decodable JPEG of the expected size (decoded by libjpeg-turbo).</summary>
public static unsafe class JpegAssert
{
    public static void Valid(byte[] jpeg, int width, int height)
    {
        Assert.True(jpeg.Length > 4, "too short to be a JPEG");
        Assert.True(jpeg[0] == 0xFF && jpeg[1] == 0xD8, "no SOI marker at the start");
        Assert.True(jpeg[^2] == 0xFF && jpeg[^1] == 0xD9, "no EOI marker at the end");
        var handle = TurboJpegNative.InitDecompress();
        try
        {
            int w, h, subsampling, colorspace;
            fixed (byte* data = jpeg)
            {
                Assert.Equal(0, TurboJpegNative.DecompressHeader(handle, data, (nuint)jpeg.Length, &w, &h, &subsampling, &colorspace));
                Assert.Equal((width, height), (w, h));
                var pixels = new byte[w * h * 3];
                fixed (byte* output = pixels)
                {
                    var result = TurboJpegNative.Decompress(handle, data, (nuint)jpeg.Length, output, w, w * 3, h, TurboJpegNative.PixelFormatRgb, 0);
                    Assert.True(result == 0, $"decoding failed: {TurboJpegNative.LastError(handle)}");
                }
            }
        }
        finally
        {
            TurboJpegNative.Destroy(handle);
        }
    }
}
