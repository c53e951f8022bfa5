using PiCam.Capture.Jpeg;

namespace PiCam.Tests.Support;

/// <summary>Decodes a JPEG to RGB with libjpeg-turbo, to look at what a viewer would see.</summary>
public static unsafe class JpegPixels
{
    public static (int Width, int Height, byte[] Rgb) Decode(byte[] jpeg)
    {
        var handle = TurboJpegNative.InitDecompress();
        try
        {
            fixed (byte* data = jpeg)
            {
                int w, h, subsampling, colorspace;
                if (TurboJpegNative.DecompressHeader(handle, data, (nuint)jpeg.Length, &w, &h, &subsampling, &colorspace) != 0)
                {
                    throw new InvalidDataException(TurboJpegNative.LastError(handle));
                }

                var rgb = new byte[w * h * 3];
                fixed (byte* output = rgb)
                {
                    if (TurboJpegNative.Decompress(handle, data, (nuint)jpeg.Length, output, w, w * 3, h, TurboJpegNative.PixelFormatRgb, 0) != 0)
                    {
                        throw new InvalidDataException(TurboJpegNative.LastError(handle));
                    }
                }

                return (w, h, rgb);
            }
        }
        finally
        {
            TurboJpegNative.Destroy(handle);
        }
    }

    /// <summary>True for the NO CAMERA picture: its corner is the dark red background.</summary>
    public static bool IsNoCameraPicture(byte[] jpeg)
    {
        var (_, _, rgb) = Decode(jpeg);
        int r = rgb[0], g = rgb[1], b = rgb[2];
        return r is > 25 and < 60 && g < 25 && b < 25;
    }
}
