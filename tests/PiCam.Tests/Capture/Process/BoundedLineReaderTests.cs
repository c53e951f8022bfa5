using System.Text;
using PiCam.Capture.Process;

namespace PiCam.Tests.Capture.Process;

public sealed class BoundedLineReaderTests
{
    [Fact]
    public async Task ReadLines_TenMegabytesWithoutANewline_GiveOneLineCutAtTheLimit()
    {
        using var stream = new MemoryStream([.. Enumerable.Repeat((byte)'x', 10 << 20), .. "\nnext"u8]);
        var lines = await ReadAsync(stream);

        Assert.Equal(2, lines.Count);
        Assert.Equal(new string('x', BoundedLineReader.MaxLineBytes) + BoundedLineReader.CutMark, lines[0]);
        Assert.Equal("next", lines[1]);
    }

    [Fact]
    public async Task ReadLines_CarriageReturnsAndNewlines_BothEndALine()
    {
        using var stream = new MemoryStream("frame=1\rframe=2\r\nError opening input\n\n  \r"u8.ToArray());
        Assert.Equal(["frame=1", "frame=2", "Error opening input"], await ReadAsync(stream));
    }

    [Fact]
    public async Task ReadLines_DeliveredOneByteAtATime_AreTheSameLines()
    {
        using var stream = new OneByteStream(Encoding.UTF8.GetBytes("first line\rsecond\nthird"));
        Assert.Equal(["first line", "second", "third"], await ReadAsync(stream));
    }

    [Fact]
    public async Task ReadLines_EscapeSequencesAndBidiOverrides_BecomeSpaces()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("\u001b[31mred\u001b[0m \u202Etxt.exe\n"));
        var line = Assert.Single(await ReadAsync(stream));
        Assert.Equal("[31mred [0m  txt.exe", line); // trimmed, as every line is
    }

    private static async Task<List<string>> ReadAsync(Stream stream)
    {
        var lines = new List<string>();
        await BoundedLineReader.ReadLinesAsync(stream, lines.Add);
        return lines;
    }

    private sealed class OneByteStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
