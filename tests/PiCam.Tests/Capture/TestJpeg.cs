using System.Buffers;
using PiCam.Capture.Jpeg;

namespace PiCam.Tests.Capture;

/// <summary>Real JPEGs for tests (libjpeg-turbo both ways) and byte-sequence helpers.</summary>
internal static unsafe class TestJpeg
{
    /// <summary>A JPEG whose picture depends on <paramref name="seed"/>: a gradient, a block and a little noise.</summary>
    public static byte[] Encode(int width, int height, int seed, int quality = 75, int noisyRows = 4)
    {
        var random = new Random(seed);
        var rgb = new byte[width * height * 3];
        var blockX = random.Next(width / 2);
        var blockY = random.Next(height / 2);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = (y * width + x) * 3;
                var inBlock = x >= blockX && x < blockX + width / 3 && y >= blockY && y < blockY + height / 3;
                rgb[i] = (byte)(inBlock ? 255 - seed * 40 : x * 255 / width);
                rgb[i + 1] = (byte)(inBlock ? seed * 50 : y * 255 / height);
                rgb[i + 2] = (byte)(seed * 37 + (y < noisyRows ? random.Next(256) : 0));
            }
        }

        using var encoder = new JpegEncoder(width, height);
        return encoder.Encode(rgb, quality).ToArray();
    }

    /// <summary>Decodes with libjpeg-turbo to packed RGB; throws if the data is not a decodable JPEG.</summary>
    public static (int Width, int Height, byte[] Rgb) Decode(ReadOnlySpan<byte> jpeg)
    {
        var handle = TurboJpegNative.InitDecompress();
        if (handle == 0)
        {
            throw new InvalidOperationException("libjpeg-turbo could not create a decompressor");
        }

        try
        {
            fixed (byte* source = jpeg)
            {
                int width, height, subsampling, colorspace;
                if (TurboJpegNative.DecompressHeader(handle, source, (nuint)jpeg.Length, &width, &height, &subsampling, &colorspace) != 0)
                {
                    throw new InvalidDataException($"not a JPEG header: {TurboJpegNative.LastError(handle)}");
                }

                var rgb = new byte[width * height * 3];
                fixed (byte* destination = rgb)
                {
                    if (TurboJpegNative.Decompress(handle, source, (nuint)jpeg.Length, destination, width, width * 3, height, TurboJpegNative.PixelFormatRgb, 0) != 0)
                    {
                        throw new InvalidDataException($"JPEG does not decode: {TurboJpegNative.LastError(handle)}");
                    }
                }

                return (width, height, rgb);
            }
        }
        finally
        {
            TurboJpegNative.Destroy(handle);
        }
    }

    /// <summary>Offset of the first byte of entropy-coded data (just after the SOS segment).</summary>
    public static int EntropyStart(byte[] jpeg)
    {
        var i = 2;
        while (true)
        {
            if (jpeg[i] != 0xFF)
            {
                throw new InvalidDataException($"no marker at {i}");
            }

            var marker = jpeg[i + 1];
            var length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            i += 2 + length;
            if (marker == 0xDA)
            {
                return i;
            }
        }
    }

    /// <summary>The JPEG with an EXIF-style APP1 segment, holding <paramref name="thumbnail"/>, right after SOI.</summary>
    public static byte[] WithApp1Thumbnail(byte[] jpeg, byte[] thumbnail)
    {
        byte[] exif = [.. "Exif\0\0"u8, .. thumbnail];
        var length = exif.Length + 2;
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException("thumbnail too large for one segment", nameof(thumbnail));
        }

        return [0xFF, 0xD8, 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. exif, .. jpeg.AsSpan(2)];
    }

    /// <summary>A sequence made of the given segments, in order, each a separate buffer segment.</summary>
    public static ReadOnlySequence<byte> Sequence(IReadOnlyList<ReadOnlyMemory<byte>> segments)
    {
        var nonEmpty = segments.Where(s => !s.IsEmpty).ToList();
        if (nonEmpty.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        if (nonEmpty.Count == 1)
        {
            return new ReadOnlySequence<byte>(nonEmpty[0]);
        }

        var first = new Segment(nonEmpty[0], 0);
        var last = first;
        for (var i = 1; i < nonEmpty.Count; i++)
        {
            last = last.Append(nonEmpty[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
