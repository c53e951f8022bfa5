using System.Globalization;
using System.Text;
using PiCam.Streaming;
using Xunit;

namespace PiCam.Tests.Streaming;

public sealed class FrameTests
{
    private static readonly byte[] JpegBytes = [0xFF, 0xD8, 0x01, 0x02, 0x0D, 0x0A, 0xFF, 0xD9];

    // 2023-11-14 22:13:20.123456 UTC
    private static readonly DateTimeOffset CapturedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123).AddTicks(4_560);

    private static byte[] Concat(string header, byte[] jpeg) => [.. Encoding.ASCII.GetBytes(header), .. jpeg, (byte)'\r', (byte)'\n'];

    [Fact]
    public void Part_IsTheExactMultipartPart()
    {
        var frame = new Frame(7, JpegBytes, CapturedAt, 1234);

        var expected = Concat("--FRAME\r\nContent-Type: image/jpeg\r\nContent-Length: 8\r\n\r\n", JpegBytes);
        Assert.Equal(expected, frame.Part.ToArray());
    }

    [Fact]
    public void Part_LargeFrame_ContentLengthIsTheJpegLength()
    {
        var jpeg = new byte[123_456];
        Random.Shared.NextBytes(jpeg);

        var frame = new Frame(1, jpeg, CapturedAt, 0);

        var expected = Concat("--FRAME\r\nContent-Type: image/jpeg\r\nContent-Length: 123456\r\n\r\n", jpeg);
        Assert.Equal(expected, frame.Part.ToArray());
    }

    [Fact]
    public void Jpeg_IsExactlyTheBytesGiven()
    {
        var frame = new Frame(1, JpegBytes, CapturedAt, 0);

        Assert.Equal(JpegBytes, frame.Jpeg.ToArray());
    }

    [Fact]
    public void Constructor_KeepsSequenceAndTimes()
    {
        var frame = new Frame(42, JpegBytes, CapturedAt, 987_654);

        Assert.Equal(42, frame.Sequence);
        Assert.Equal(CapturedAt, frame.CapturedAt);
        Assert.Equal(987_654, frame.CapturedTicks);
    }

    [Fact]
    public void TimestampedPart_HasXTimestampAfterContentLengthAndTheSameJpeg()
    {
        var frame = new Frame(7, JpegBytes, CapturedAt, 0);

        var expected = Concat(
            "--FRAME\r\nContent-Type: image/jpeg\r\nContent-Length: 8\r\nX-Timestamp: 1700000000.123456\r\n\r\n", JpegBytes);
        Assert.Equal(expected, frame.TimestampedPart.ToArray());
    }

    [Theory]
    [InlineData(1_700_000_000_000, 0)]
    [InlineData(1_700_000_000_999, 9_990)]
    [InlineData(1_763_700_000_500, 10)]
    [InlineData(1_763_700_000_001, 5_000)]
    public void TimestampedPart_Timestamp_IsUnixSecondsWithSixDecimals(long unixMilliseconds, long extraTicks)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).AddTicks(extraTicks);
        var micros = (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        var expected = string.Create(CultureInfo.InvariantCulture, $"X-Timestamp: {micros / 1_000_000}.{micros % 1_000_000:D6}\r\n");

        var text = Encoding.ASCII.GetString(new Frame(1, JpegBytes, at, 0).TimestampedPart.Span);

        Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    [Fact]
    public void TimestampedPart_CapturedAtWithAnOffset_IsTheSameInstantAsUtc()
    {
        var local = CapturedAt.ToOffset(TimeSpan.FromHours(5.5));

        var utcPart = new Frame(1, JpegBytes, CapturedAt, 0).TimestampedPart.ToArray();
        var localPart = new Frame(1, JpegBytes, local, 0).TimestampedPart.ToArray();

        Assert.Equal(utcPart, localPart);
    }

    [Fact]
    public void WritePart_WithTimestamps_WritesTheTimestampedPart_WithoutACopyOfTheJpegPerViewer()
    {
        var jpeg = new byte[64 * 1024];
        JpegBytes.CopyTo(jpeg, 0);
        var frame = new Frame(1, jpeg, CapturedAt, 0);
        var writer = new System.Buffers.ArrayBufferWriter<byte>(256 * 1024);
        frame.WritePart(writer, timestamps: true); // the header is built on first use

        writer.ResetWrittenCount();
        var before = GC.GetAllocatedBytesForCurrentThread();
        frame.WritePart(writer, timestamps: true);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(frame.TimestampedPart.ToArray(), writer.WrittenSpan.ToArray());
        Assert.Equal(frame.PartLength(timestamps: true), writer.WrittenCount);
        Assert.True(allocated < 1024, $"writing a timestamped part allocated {allocated} bytes");
    }

    [Fact]
    public void WritePart_WithoutTimestamps_WritesThePart()
    {
        var frame = new Frame(1, JpegBytes, CapturedAt, 0);
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        frame.WritePart(writer, timestamps: false);
        Assert.Equal(frame.Part.ToArray(), writer.WrittenSpan.ToArray());
        Assert.Equal(frame.PartLength(timestamps: false), writer.WrittenCount);
    }

    [Fact]
    public void Constructor_SourceMutatedAfterwards_PartIsUnchanged()
    {
        var source = JpegBytes.ToArray();
        var frame = new Frame(1, source, CapturedAt, 0);

        Array.Fill(source, (byte)0);

        Assert.Equal(JpegBytes, frame.Jpeg.ToArray());
    }
}
