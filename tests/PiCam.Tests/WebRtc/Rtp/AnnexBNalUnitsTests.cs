using PiCam.WebRtc.Rtp.H264;

namespace PiCam.Tests.WebRtc.Rtp;

public sealed class AnnexBNalUnitsTests
{
    private static List<string> Split(string hex)
    {
        var bytes = Hex.Bytes(hex);
        var units = new List<string>();
        foreach (var nal in new AnnexBNalUnits(bytes))
        {
            units.Add(Hex.Of(nal));
        }

        return units;
    }

    [Fact]
    public void ThreeAndFourByteStartCodes_BothSplit_TrailingZerosDropped()
    {
        Assert.Equal(["6742", "68ce", "658884"], Split("00 00 00 01 67 42 00 00 01 68 ce 00 00 00 00 01 65 88 84 00"));
    }

    [Fact]
    public void BytesBeforeTheFirstStartCode_AndEmptyUnits_AreIgnored()
    {
        Assert.Equal(["09f0", "41"], Split("ff ee 00 00 01 00 00 01 09 f0 00 00 01 41"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("00 00")]
    [InlineData("00 00 01")]
    [InlineData("67 42 00 1f")]
    public void NoUnits_WhenThereIsNothingAfterAStartCode(string hex)
    {
        Assert.Empty(Split(hex));
    }
}
