using System.Buffers;

namespace PiCam.Capture.Jpeg;

/// <summary>What makes a JPEG plausible enough to publish: the frame (SOFn) and scan (SOS) headers' sanity checks.</summary>
internal static class JpegHeaders
{
    /// <summary>SOF0..SOF15 but DHT (C4), JPG (C8) and DAC (CC), which share the range.</summary>
    public static bool IsFrameHeader(byte marker) => marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;

    /// <summary>Precision 8, 12 or 16; height and width 1..<see cref="JpegFrameScanner.MaxDimension"/>; 1 to 4 components; a length that fits them.</summary>
    public static bool PlausibleFrameHeader(SequenceReader<byte> reader, int length)
    {
        if (length < 8 || !reader.TryPeek(0, out var precision) || !reader.TryPeek(1, out var h1) || !reader.TryPeek(2, out var h0)
            || !reader.TryPeek(3, out var w1) || !reader.TryPeek(4, out var w0) || !reader.TryPeek(5, out var components))
        {
            return false;
        }

        var height = (h1 << 8) | h0;
        var width = (w1 << 8) | w0;
        return precision is 8 or 12 or 16
            && height is >= 1 and <= JpegFrameScanner.MaxDimension
            && width is >= 1 and <= JpegFrameScanner.MaxDimension
            && components is >= 1 and <= 4
            && length == 8 + (3 * components);
    }

    /// <summary>1 to 4 components and a length that fits them.</summary>
    public static bool PlausibleScanHeader(SequenceReader<byte> reader, int length) =>
        reader.TryPeek(0, out var components) && components is >= 1 and <= 4 && length == 6 + (2 * components);
}
