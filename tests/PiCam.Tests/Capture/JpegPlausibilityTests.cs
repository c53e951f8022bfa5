using System.Buffers;
using PiCam.Capture.Jpeg;

namespace PiCam.Tests.Capture;

/// <summary>
/// Issue 9 (15): only a plausible JPEG is a frame. Random bytes (<c>/dev/urandom</c> as a camera) hold
/// SOI..EOI pairs by chance; a frame needs a frame header (SOFn) with sane dimensions and a scan that fits it.
/// </summary>
public sealed class JpegPlausibilityTests
{
    private static readonly byte[] Real = TestJpeg.Encode(64, 48, seed: 3);

    public static TheoryData<string, byte[]> NotImages => new()
    {
        { "SOI then EOI", [0xFF, 0xD8, 0xFF, 0xD9] },
        { "an APP0 segment and EOI", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x61, 0x62, 0xFF, 0xD9] },
        { "a scan without a frame header", [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x12, 0x34, 0xFF, 0xD9] },
        { "a frame header of 0x0 pixels", [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x12, 0xFF, 0xD9] },
        { "a frame header of 65535x65535", [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x12, 0xFF, 0xD9] },
        { "a frame header whose length does not fit its components", [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0E, 0x08, 0x00, 0x10, 0x00, 0x10, 0x01, 0x01, 0x11, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x12, 0xFF, 0xD9] },
        { "a frame header and EOI but no scan", [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x10, 0x00, 0x10, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xD9] },
    };

    [Theory]
    [MemberData(nameof(NotImages))]
    public void Scanner_MarkersThatAreNoImage_AreNotAFrameAndTheNextRealFrameStillIs(string what, byte[] notAnImage)
    {
        var frames = ScanAll([.. Real, .. notAnImage, .. Real]);

        Assert.True(frames.Count == 2, $"{what}: {frames.Count} frames, expected the two real ones");
        Assert.All(frames, f => Assert.Equal(Real, f));
    }

    [Fact]
    public void Scanner_MegabytesOfRandomBytesSownWithFakeFrames_FindsNoFrame()
    {
        var random = new Random(9);
        var data = new byte[8 << 20];
        random.NextBytes(data);
        // Sow what random data holds only rarely, every 64 KiB: SOI, EOI, segments that fit their lengths.
        foreach (var (offset, i) in Enumerable.Range(0, data.Length / 65536 - 1).Select(i => (i * 65536, i)))
        {
            var fake = NotImages.ElementAt(i % NotImages.Count)[1] as byte[];
            fake!.CopyTo(data, offset);
        }

        var frames = ScanAll(data);

        Assert.Empty(frames);
    }

    [Fact]
    public void Scanner_RealFramesBetweenRandomBytes_AreAllFound()
    {
        var random = new Random(4);
        var garbage = new byte[100_000];
        random.NextBytes(garbage);

        var frames = ScanAll([.. garbage, .. Real, .. garbage, .. Real, .. garbage]);

        Assert.Equal(2, frames.Count);
    }

    /// <summary>Scans in 64 KiB chunks, as a pipe delivers them.</summary>
    private static List<byte[]> ScanAll(byte[] data)
    {
        var scanner = new JpegFrameScanner();
        var frames = new List<byte[]>();
        var pending = Array.Empty<byte>();
        for (var start = 0; start < data.Length; start += 65536)
        {
            var chunk = data.AsSpan(start, Math.Min(65536, data.Length - start));
            var buffer = new ReadOnlySequence<byte>([.. pending, .. chunk]);
            while (scanner.TryReadFrame(ref buffer, out var frame))
            {
                frames.Add(frame.ToArray());
            }

            pending = buffer.ToArray();
        }

        return frames;
    }
}
