using PiCam.Config;
using Xunit;

namespace PiCam.Tests.Config;

public sealed class NearMissTests
{
    private static readonly string[] Known = ["NAME", "PORT", "BIND", "RESOLUTION", "FRAMERATE", "QUALITY", "VIDEO_SOURCE", "MAX_CLIENTS"];

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "", 3)]
    [InlineData("PORT", "PORT", 0)]
    [InlineData("PORT", "PORTS", 1)]
    [InlineData("PORT", "POT", 1)]
    [InlineData("PORT", "PART", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("flaw", "lawn", 2)]
    public void Distance_KnownPairs_IsTheEditDistance(string a, string b, int expected)
    {
        Assert.Equal(expected, NearMiss.Distance(a, b));
        Assert.Equal(expected, NearMiss.Distance(b, a));
    }

    [Theory]
    [InlineData("PORT", "PORT")]
    [InlineData("PORTT", "PORT")]
    [InlineData("PRT", "PORT")]
    [InlineData("NAM", "NAME")]
    [InlineData("QUALTY", "QUALITY")]
    [InlineData("FRAMRATE", "FRAMERATE")]
    [InlineData("RESOLUTON", "RESOLUTION")]
    [InlineData("VIDEOSOURCE", "VIDEO_SOURCE")]
    [InlineData("MAX_CLIENT", "MAX_CLIENTS")]
    [InlineData("MAXCLIENT", "MAX_CLIENTS")]
    public void Suggest_CloseTypo_IsTheKnownKey(string typo, string expected)
    {
        Assert.Equal(expected, NearMiss.Suggest(typo, Known));
    }

    [Theory]
    [InlineData("PROT", "PORT")]
    [InlineData("QAULITY", "QUALITY")]
    public void Suggest_TwoLettersSwapped_IsTheKnownKey(string typo, string expected)
    {
        Assert.Equal(expected, NearMiss.Suggest(typo, Known));
    }

    [Theory]
    [InlineData("WIBBLE")]
    [InlineData("PT")]
    [InlineData("QUAL")]
    [InlineData("X")]
    [InlineData("HOSTNAME")]
    public void Suggest_FarFromEveryKnownKey_IsNull(string unknown)
    {
        Assert.Null(NearMiss.Suggest(unknown, Known));
    }

    [Fact]
    public void Suggest_ShortWordTwoEditsAway_IsNullButALongWordTwoEditsAwayIsSuggested()
    {
        Assert.Null(NearMiss.Suggest("PXXT", Known)); // 4 letters: at most one edit
        Assert.Equal("QUALITY", NearMiss.Suggest("QUXLIXY", Known)); // longer: two edits are fine
    }

    [Fact]
    public void Suggest_NoKnownWords_IsNull()
    {
        Assert.Null(NearMiss.Suggest("PORT", []));
    }
}
