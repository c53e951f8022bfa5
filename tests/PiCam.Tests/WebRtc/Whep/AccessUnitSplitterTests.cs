using PiCam.Tests.WebRtc.Media;
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
        var units = SplitterFeed.InChunks(new AccessUnitSplitter(), Stream, chunk);

        Assert.Equal(3, units.Count);
        Assert.Equal([true, false, false], units.Select(u => u.Keyframe));
        Assert.Equal(Stream[..25], units[0].Unit);
        Assert.Equal(Stream[25..41], units[1].Unit);
        Assert.Equal(Stream[41..52], units[2].Unit);
    }

    // As rpicam-vid and webcams write it: no delimiters. SPS PPS IDR(2 slices) | P | SEI P(2 slices) | SPS PPS IDR.
    // A slice header's first byte has its top bit set when first_mb_in_slice is 0 (a new picture).
    private static readonly byte[] Undelimited =
    [
        0, 0, 0, 1, 0x67, 1, 2, 0, 0, 0, 1, 0x68, 3, 0, 0, 1, 0x65, 0x88, 0xAA, 0, 0, 1, 0x65, 0x11, 0xBB, // SPS PPS IDR IDR(second slice)
        0, 0, 0, 1, 0x41, 0x9A, 0xCC, // P
        0, 0, 0, 1, 0x06, 5, 0, 0, 1, 0x41, 0x9A, 0xDD, 0, 0, 1, 0x41, 0x22, 0xEE, // SEI P P(second slice)
        0, 0, 0, 1, 0x67, 1, 2, 0, 0, 0, 1, 0x68, 3, 0, 0, 1, 0x65, 0x88, 0xFF, // the next IDR
        0, 0, 0, 1, 0x41, 0x9A, // whose successor completes it
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(1000)]
    public void Append_WithoutDelimiters_CutsWhereANewPictureBegins(int chunk)
    {
        var units = SplitterFeed.InChunks(new AccessUnitSplitter(), Undelimited, chunk);

        Assert.Equal([true, false, false, true], units.Select(u => u.Keyframe));
        Assert.Equal(Undelimited[..25], units[0].Unit);
        Assert.Equal(Undelimited[25..32], units[1].Unit);
        Assert.Equal(Undelimited[32..50], units[2].Unit);
        Assert.Equal(Undelimited[50..69], units[3].Unit);
    }

    [Fact]
    public void Append_Libx264WithoutDelimitersAndWithSlices_GivesOneUnitPerPictureAndAKeyframeEachGop()
    {
        // Sliced threads give several slices a picture: only a slice starting at macroblock 0 begins one.
        var stream = SplitterFeed.Ffmpeg(
            "-hide_banner -loglevel error -f lavfi -i testsrc=size=640x360:rate=30 -frames:v 60 -c:v libx264 -preset ultrafast -tune zerolatency "
            + "-x264-params sliced-threads=1:threads=4:slices=4 -profile:v baseline -bf 0 -g 30 -pix_fmt yuv420p -f h264 -");
        var splitter = new AccessUnitSplitter();
        var units = new List<bool>();
        splitter.Append(stream, (_, keyframe) => units.Add(keyframe));
        splitter.Append([0, 0, 0, 1, 0x09, 0xF0], (_, keyframe) => units.Add(keyframe)); // ends the last picture

        Assert.Equal(60, units.Count);
        Assert.Equal([0, 30], units.Select((k, i) => (k, i)).Where(x => x.k).Select(x => x.i));
    }
}
