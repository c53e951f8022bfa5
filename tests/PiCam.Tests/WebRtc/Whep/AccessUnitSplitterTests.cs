using PiCam.WebRtc.Media;

namespace PiCam.Tests.WebRtc.Whep;

public sealed class AccessUnitSplitterTests
{
    private static readonly byte[] Stream =
    [
        0, 0, 0, 1, 9, 0x10, 0, 0, 0, 1, 0x67, 1, 2, 0, 0, 0, 1, 0x68, 3, 0, 0, 1, 0x65, 0xAA, 0xBB, // AUD SPS PPS IDR
        0, 0, 0, 1, 9, 0x30, 0, 0, 1, 0x41, 0xCC, 0, 0, 1, 0x41, 0xDD, // AUD P P (two slices)
        0, 0, 0, 1, 9, 0x30, 0, 0, 1, 0x41, 0xEE, // AUD P
        0, 0, 0, 1, 9, 0x30, // the next delimiter completes the last unit
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Append_InAnyChunking_CutsAtEachDelimiterAndMarksTheKeyframe(int chunk)
    {
        var splitter = new AccessUnitSplitter();
        var units = new List<(byte[] Unit, bool Keyframe)>();
        for (var i = 0; i < Stream.Length; i += chunk)
        {
            splitter.Append(Stream.AsSpan(i, Math.Min(chunk, Stream.Length - i)), (unit, keyframe) => units.Add((unit, keyframe)));
        }

        Assert.Equal(3, units.Count);
        Assert.Equal([true, false, false], units.Select(u => u.Keyframe));
        Assert.Equal(Stream[..25], units[0].Unit);
        Assert.Equal(Stream[25..41], units[1].Unit);
        Assert.Equal(Stream[41..52], units[2].Unit);
    }
}
