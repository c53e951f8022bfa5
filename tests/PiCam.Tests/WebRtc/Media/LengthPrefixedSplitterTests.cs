using PiCam.WebRtc.Media;

namespace PiCam.Tests.WebRtc.Media;

public sealed class LengthPrefixedSplitterTests
{
    // AUD SPS PPS IDR | AUD P | AUD P, each NAL behind its 4-byte length.
    private static readonly byte[] Stream =
    [
        0, 0, 0, 2, 9, 0x10, 0, 0, 0, 3, 0x67, 1, 2, 0, 0, 0, 2, 0x68, 3, 0, 0, 0, 3, 0x65, 0x88, 0xBB,
        0, 0, 0, 2, 9, 0x30, 0, 0, 0, 3, 0x41, 0x9A, 0xCC,
        0, 0, 0, 2, 9, 0x30, 0, 0, 0, 3, 0x41, 0x9A, 0xEE,
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Append_InAnyChunking_PublishesEachPictureAtItsSliceAsAnnexB(int chunk)
    {
        var units = SplitterFeed.InChunks(new LengthPrefixedSplitter(), Stream, chunk);

        // The last picture is out with its last byte: nothing after it is needed.
        Assert.Equal(3, units.Count);
        Assert.Equal([true, false, false], units.Select(u => u.Keyframe));
        Assert.Equal(
            [0, 0, 0, 1, 9, 0x10, 0, 0, 0, 1, 0x67, 1, 2, 0, 0, 0, 1, 0x68, 3, 0, 0, 0, 1, 0x65, 0x88, 0xBB],
            units[0].Unit);
        Assert.Equal([0, 0, 0, 1, 9, 0x30, 0, 0, 0, 1, 0x41, 0x9A, 0xEE], units[2].Unit);
    }

    [Fact]
    public void Append_ASliceNotStartingAPicture_IsDroppedAndCounted()
    {
        var splitter = new LengthPrefixedSplitter();
        var units = new List<byte[]>();
        splitter.Append([0, 0, 0, 3, 0x41, 0x9A, 0xCC, 0, 0, 0, 3, 0x41, 0x22, 0xDD, 0, 0, 0, 3, 0x41, 0x9A, 0xEE], (unit, _) => units.Add(unit));

        Assert.Equal(2, units.Count);
        Assert.Equal([0, 0, 0, 1, 0x41, 0x9A, 0xEE], units[1]);
        Assert.Equal(1, splitter.SlicesDropped);
    }

    [Fact]
    public void Append_ALengthBeyondAnyAccessUnit_SaysTheFramingIsLost()
    {
        var splitter = new LengthPrefixedSplitter();

        Assert.Throws<IOException>(() => splitter.Append([0x7F, 0, 0, 0, 0x41], (_, _) => { }));
    }

    [Fact]
    public void Append_Libx264AsTheEncoderRunsIt_GivesEveryPictureWithOneSliceAndAKeyframeEachGop()
    {
        var choice = new H264EncoderChoice(H264EncoderChoice.Software, null);
        var stream = SplitterFeed.Ffmpeg(
            "-hide_banner -loglevel error -f lavfi -i testsrc2=size=960x540:rate=30 -frames:v 60 -map 0:v -c:v libx264 -preset ultrafast -tune zerolatency "
            + $"-x264-params {H264EncoderChoice.X264Parameters} -profile:v baseline -bf 0 -g 30 -pix_fmt yuv420p -f data -");
        var splitter = choice.NewSplitter();
        var units = new List<(byte[] Unit, bool Keyframe)>();
        splitter.Append(stream, (unit, keyframe) => units.Add((unit, keyframe)));

        Assert.IsType<LengthPrefixedSplitter>(splitter);
        Assert.Equal(60, units.Count);
        Assert.Equal([0, 30], units.Select((u, i) => (u.Keyframe, i)).Where(x => x.Keyframe).Select(x => x.i));
        Assert.All(units, u => Assert.Equal([0, 0, 0, 1, 9], u.Unit[..5]));

        // Cut again as Annex-B, the same stream gives the same pictures.
        var annexB = new AccessUnitSplitter();
        var again = new List<byte[]>();
        foreach (var unit in units)
        {
            annexB.Append(unit.Unit, (u, _) => again.Add(u));
        }

        annexB.Append([0, 0, 0, 1, 9, 0x30], (u, _) => again.Add(u));
        Assert.Equal(units.Select(u => u.Unit), again);
    }
}
