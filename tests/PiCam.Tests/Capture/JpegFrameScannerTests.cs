using System.Buffers;
using System.IO.Pipelines;
using PiCam.Capture.Jpeg;
using PiCam.Streaming;
using PiCam.Tests.Platform;
using Xunit;

namespace PiCam.Tests.Capture;

public sealed class JpegFrameScannerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Five small, different, real JPEGs.</summary>
    private static readonly byte[][] Frames = [.. Enumerable.Range(1, 5).Select(seed => TestJpeg.Encode(64, 48, seed))];

    private static readonly byte[] Stream = [.. Frames.SelectMany(f => f)];

    /// <summary>Runs the scanner the way a pipe reader does: keeps what it did not consume and appends the next chunk.</summary>
    private static List<byte[]> Scan(JpegFrameScanner scanner, IEnumerable<ReadOnlyMemory<byte>> chunks)
    {
        var frames = new List<byte[]>();
        var pending = new List<ReadOnlyMemory<byte>>();
        foreach (var chunk in chunks)
        {
            pending.Add(chunk);
            var buffer = TestJpeg.Sequence(pending);
            while (scanner.TryReadFrame(ref buffer, out var frame))
            {
                frames.Add(frame.ToArray());
            }

            pending.Clear();
            foreach (var segment in buffer)
            {
                pending.Add(segment);
            }
        }

        return frames;
    }

    private static List<byte[]> Scan(JpegFrameScanner scanner, byte[] data, params int[] splits)
    {
        var chunks = new List<ReadOnlyMemory<byte>>();
        var start = 0;
        foreach (var split in splits.Append(data.Length))
        {
            chunks.Add(data.AsMemory(start, split - start));
            start = split;
        }

        return Scan(scanner, chunks);
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] data, int size)
    {
        for (var i = 0; i < data.Length; i += size)
        {
            yield return data.AsMemory(i, Math.Min(size, data.Length - i));
        }
    }

    /// <summary>Asserts, for a split at every offset, that the scanner finds <paramref name="expected"/> and drops <paramref name="dropped"/>.</summary>
    private static void AssertEverySplit(byte[] data, byte[][] expected, int dropped = 0, long? skipped = null)
    {
        for (var split = 0; split <= data.Length; split++)
        {
            var scanner = new JpegFrameScanner();
            var frames = Scan(scanner, data, split);

            if (frames.Count != expected.Length || !frames.Zip(expected).All(p => p.First.AsSpan().SequenceEqual(p.Second)))
            {
                Assert.Fail($"split at {split} of {data.Length}: got {frames.Count} frames ({string.Join(", ", frames.Select(f => f.Length))}), " +
                            $"expected {expected.Length} ({string.Join(", ", expected.Select(f => f.Length))})");
            }

            Assert.True(dropped == scanner.DroppedFrames, $"split at {split}: dropped {scanner.DroppedFrames}, expected {dropped}");
            if (skipped is { } s)
            {
                Assert.True(s == scanner.SkippedBytes, $"split at {split}: skipped {scanner.SkippedBytes}, expected {s}");
            }
        }
    }

    [Fact]
    public void Fixture_FramesAreRealDistinctJpegs()
    {
        Assert.All(Frames, f => Assert.Equal((64, 48), (TestJpeg.Decode(f).Width, TestJpeg.Decode(f).Height)));
        Assert.Equal(Frames.Length, Frames.Select(Convert.ToHexString).Distinct().Count());
    }

    [Fact]
    public void TryReadFrame_WholeStreamInOneBuffer_ReturnsEveryFrameExactly()
    {
        var scanner = new JpegFrameScanner();

        var frames = Scan(scanner, Stream);

        Assert.Equal(Frames, frames);
        Assert.Equal(0, scanner.DroppedFrames);
        Assert.Equal(0, scanner.SkippedBytes);
    }

    [Fact]
    public void TryReadFrame_StreamSplitInTwoAtEveryOffset_ReturnsTheSameFrames()
    {
        AssertEverySplit(Stream, Frames, dropped: 0, skipped: 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(1000)]
    public void TryReadFrame_StreamInFixedSizeChunks_ReturnsTheSameFrames(int size)
    {
        var scanner = new JpegFrameScanner();

        var frames = Scan(scanner, Chunks(Stream, size));

        Assert.Equal(Frames, frames);
        Assert.Equal(0, scanner.DroppedFrames);
    }

    [Fact]
    public void TryReadFrame_StreamInRandomChunks_ReturnsTheSameFrames()
    {
        var random = new Random(1234);
        for (var run = 0; run < 50; run++)
        {
            var splits = Enumerable.Range(0, random.Next(1, 20)).Select(_ => random.Next(Stream.Length + 1)).Distinct().Order().ToArray();
            var scanner = new JpegFrameScanner();

            var frames = Scan(scanner, Stream, splits);

            Assert.True(Frames.Length == frames.Count, $"splits {string.Join(",", splits)}: {frames.Count} frames");
            Assert.Equal(Frames, frames);
        }
    }

    [Fact]
    public void TryReadFrame_FrameEndingExactlyAtTheBufferEnd_IsReturnedWithoutMoreData()
    {
        var scanner = new JpegFrameScanner();
        var buffer = new ReadOnlySequence<byte>(Frames[0]);

        Assert.True(scanner.TryReadFrame(ref buffer, out var frame));

        Assert.Equal(Frames[0], frame.ToArray());
        Assert.Equal(0, buffer.Length);
        Assert.False(scanner.TryReadFrame(ref buffer, out _));
    }

    [Fact]
    public void TryReadFrame_IncompleteFrame_KeepsItsBytesUntilTheRestArrives()
    {
        var scanner = new JpegFrameScanner();
        byte[] garbage = [1, 2, 3];
        byte[] data = [.. garbage, .. Frames[0]];
        var buffer = new ReadOnlySequence<byte>(data, 0, data.Length - 1);

        Assert.False(scanner.TryReadFrame(ref buffer, out _));
        Assert.Equal(Frames[0].Length - 1, buffer.Length); // the garbage is trimmed, the frame is kept
        Assert.Equal(garbage.Length, scanner.SkippedBytes);

        var more = TestJpeg.Sequence([buffer.ToArray(), data.AsMemory(data.Length - 1)]);
        Assert.True(scanner.TryReadFrame(ref more, out var frame));
        Assert.Equal(Frames[0], frame.ToArray());
    }

    [Fact]
    public void TryReadFrame_OnlyGarbage_IsTrimmedAndCounted()
    {
        var scanner = new JpegFrameScanner();
        byte[] garbage = [0x00, 0x11, 0xFF, 0x00, 0xFF, 0xD9, 0x22];
        var buffer = new ReadOnlySequence<byte>(garbage);

        Assert.False(scanner.TryReadFrame(ref buffer, out _));

        Assert.Equal(0, buffer.Length);
        Assert.Equal(garbage.Length, scanner.SkippedBytes);
    }

    [Fact]
    public void TryReadFrame_GarbageEndingInFF_KeepsTheFFInCaseItStartsAFrame()
    {
        var scanner = new JpegFrameScanner();
        var frames = Scan(scanner, [new byte[] { 0x10, 0x20, 0xFF }, Frames[0].AsMemory(1)]);

        Assert.Equal([Frames[0]], frames);
        Assert.Equal(2, scanner.SkippedBytes);
    }

    [Fact]
    public void TryReadFrame_GarbageBeforeAndBetweenFrames_IsSkippedAtEverySplit()
    {
        byte[][] garbage =
        [
            [0x00, 0x01, 0xFF, 0xFF, 0xD9, 0xFF, 0x00, 0x42], // FF that is not a start, a stray EOI
            [0xFF], // a lone FF right before the next SOI: FF FF D8
            [0x55, 0xFF, 0xD9, 0xFF, 0xD9],
            [.. "HTTP/1.1 200 OK\r\n\r\n"u8],
            [],
        ];
        byte[] data = [.. Frames.Zip(garbage).SelectMany(p => p.Second.Concat(p.First)), 0x99, 0xFF, 0xD9];

        AssertEverySplit(data, Frames, dropped: 0, skipped: garbage.Sum(g => g.Length) + 3);
    }

    [Fact]
    public void TryReadFrame_FrameCutShortInItsImageData_IsDroppedAndTheNextFrameFound()
    {
        var cutFrame = Frames[1];
        var entropyStart = TestJpeg.EntropyStart(cutFrame);
        var cut = entropyStart + (cutFrame.Length - entropyStart) / 2;
        byte[] data = [.. Frames[0], .. cutFrame.AsSpan(0, cut), .. Frames[2], .. Frames[3]];

        var scanner = new JpegFrameScanner();
        Assert.Equal([Frames[0], Frames[2], Frames[3]], Scan(scanner, data));
        Assert.Equal(1, scanner.DroppedFrames);

        AssertEverySplit(data, [Frames[0], Frames[2], Frames[3]], dropped: 1);
    }

    [Fact]
    public void TryReadFrame_FrameCutShortAtEveryPointOfItsImageData_NextFrameIsAlwaysFound()
    {
        var cutFrame = Frames[1];
        for (var cut = TestJpeg.EntropyStart(cutFrame); cut < cutFrame.Length - 1; cut++)
        {
            var scanner = new JpegFrameScanner();
            byte[] data = [.. cutFrame.AsSpan(0, cut), .. Frames[2]];

            var frames = Scan(scanner, Chunks(data, 100));

            Assert.True(frames.Count == 1, $"cut at {cut}: {frames.Count} frames");
            Assert.Equal(Frames[2], frames[0]);
            Assert.Equal(1, scanner.DroppedFrames);
        }
    }

    [Fact]
    public void TryReadFrame_FrameCutShortInItsHeaders_NextFrameIsFound()
    {
        // Cut inside the quantisation/Huffman tables, where the scanner is skipping segments by their length.
        var cutFrame = Frames[1];
        var cut = TestJpeg.EntropyStart(cutFrame) / 2;
        byte[] data = [.. Frames[0], .. cutFrame.AsSpan(0, cut), .. Frames[2], .. Frames[3]];

        var scanner = new JpegFrameScanner();
        var frames = Scan(scanner, data);

        Assert.Equal([Frames[0], Frames[2], Frames[3]], frames);
        Assert.Equal(1, scanner.DroppedFrames);
    }

    private static (byte[] Data, byte[][] Expected, int Max) OversizedFixture()
    {
        var big = TestJpeg.Encode(128, 96, 9, quality: 95, noisyRows: 96);
        var max = Frames.Max(f => f.Length) * 2;
        Assert.True(big.Length > max * 2, $"the big frame ({big.Length} bytes) must be well over {max}");
        return ([.. Frames[0], .. big, .. Frames[1], .. Frames[2]], [Frames[0], Frames[1], Frames[2]], max);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(64)]
    [InlineData(500)]
    public void TryReadFrame_FrameLargerThanMaxArrivingInChunks_IsDroppedAndTheNextFrameFound(int chunkSize)
    {
        var (data, expected, max) = OversizedFixture();
        var scanner = new JpegFrameScanner(max);

        var frames = Scan(scanner, Chunks(data, chunkSize));

        Assert.Equal(expected, frames);
        Assert.Equal(1, scanner.DroppedFrames);
    }

    [Fact]
    public void TryReadFrame_FrameLargerThanMaxArrivingInOneBuffer_IsDropped()
    {
        var (data, expected, max) = OversizedFixture();
        var scanner = new JpegFrameScanner(max);

        var frames = Scan(scanner, data);

        Assert.All(frames, f => Assert.True(f.Length <= max, $"a {f.Length}-byte frame came out of a scanner limited to {max}"));
        Assert.Equal(expected, frames);
        Assert.Equal(1, scanner.DroppedFrames);
    }

    [Fact]
    public void TryReadFrame_JpegWithAnEmbeddedThumbnailInApp1_IsOneFrameAtEverySplit()
    {
        var thumbnail = TestJpeg.Encode(16, 16, 3);
        var withThumbnail = TestJpeg.WithApp1Thumbnail(TestJpeg.Encode(64, 48, 8), thumbnail);
        Assert.Equal((64, 48), (TestJpeg.Decode(withThumbnail).Width, TestJpeg.Decode(withThumbnail).Height));
        byte[] data = [.. Frames[0], .. withThumbnail, .. Frames[1]];

        AssertEverySplit(data, [Frames[0], withThumbnail, Frames[1]]);
    }

    [Fact]
    public void TryReadFrame_RestartMarkersAndFillBytesInImageData_DoNotEndTheFrame()
    {
        var frame = Frames[2];
        var entropyStart = TestJpeg.EntropyStart(frame);
        var middle = entropyStart + 1;
        while (frame[middle - 1] == 0xFF || frame[middle] == 0x00)
        {
            middle++;
        }

        // RST3 in the middle of the image data, and fill bytes before the EOI.
        byte[] odd = [.. frame.AsSpan(0, middle), 0xFF, 0xD3, .. frame.AsSpan(middle, frame.Length - middle - 2), 0xFF, 0xFF, 0xFF, 0xD9];

        AssertEverySplit([.. odd, .. Frames[3]], [odd, Frames[3]]);
    }

    [Fact]
    public void TryReadFrame_SecondScanAfterTheImageData_IsPartOfTheSameFrame()
    {
        // A progressive JPEG has several scans: image data, then more segments (DHT, SOS) and more image data.
        var frame = Frames[2];
        var sosStart = FindSos(frame);
        byte[] progressive =
        [
            .. frame.AsSpan(0, frame.Length - 2),
            0xFF, 0xC4, 0x00, 0x04, 0xAB, 0xCD, // a (meaningless) DHT segment
            .. frame.AsSpan(sosStart, frame.Length - sosStart), // SOS, image data and EOI again
        ];

        AssertEverySplit([.. progressive, .. Frames[4]], [progressive, Frames[4]]);
    }

    private static int FindSos(byte[] jpeg)
    {
        var i = 2;
        while (jpeg[i + 1] != 0xDA)
        {
            i += 2 + ((jpeg[i + 2] << 8) | jpeg[i + 3]);
        }

        return i;
    }

    [Fact]
    public async Task ReadFramesAsync_PipeFedOneByteAtATime_DeliversEveryFrame()
    {
        var pipe = new Pipe();
        var frames = new List<byte[]>();
        var scanner = new JpegFrameScanner();
        var reading = MjpegReader.ReadFramesAsync(pipe.Reader, scanner, f => frames.Add(f.ToArray()), CancellationToken.None);

        foreach (var b in Stream)
        {
            await pipe.Writer.WriteAsync(new[] { b });
        }

        await pipe.Writer.CompleteAsync();
        await reading.WaitAsync(Timeout);

        Assert.Equal(Frames, frames);
        Assert.Equal(0, scanner.DroppedFrames);
    }

    [Fact]
    public async Task ReadFramesAsync_Stream_DeliversEveryFrameAndEndsWithTheStream()
    {
        using var stream = new MemoryStream([.. new byte[] { 9, 9, 9 }, .. Stream, .. Frames[0].AsSpan(0, 100)]);
        var frames = new List<byte[]>();

        await MjpegReader.ReadFramesAsync(PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 256)), new JpegFrameScanner(), f => frames.Add(f.ToArray()), CancellationToken.None)
            .WaitAsync(Timeout);

        Assert.Equal(Frames, frames);
    }

    [Fact]
    public async Task ReadFramesAsync_Cancelled_Stops()
    {
        var pipe = new Pipe();
        using var cts = new CancellationTokenSource();
        var reading = MjpegReader.ReadFramesAsync(pipe.Reader, new JpegFrameScanner(), _ => { }, cts.Token);
        await pipe.Writer.WriteAsync(Frames[0].AsMemory(0, 50));

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(Timeout));
    }

    [Fact]
    public void Publish_FrameSpanningSeveralSegments_PublishesTheContiguousJpeg()
    {
        var hub = new FrameHub(new ManualTimeProvider());
        var jpeg = Frames[3];
        var sequence = TestJpeg.Sequence([jpeg.AsMemory(0, 10), jpeg.AsMemory(10, 300), jpeg.AsMemory(310)]);
        Assert.False(sequence.IsSingleSegment);

        MjpegReader.Publish(hub, sequence);

        Assert.Equal(jpeg, hub.Latest!.Jpeg.ToArray());
    }

    [Fact]
    public void Publish_SingleSegmentFrame_PublishesTheJpeg()
    {
        var hub = new FrameHub(new ManualTimeProvider());

        MjpegReader.Publish(hub, new ReadOnlySequence<byte>(Frames[4]));

        Assert.Equal(Frames[4], hub.Latest!.Jpeg.ToArray());
    }
}
