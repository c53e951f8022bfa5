using PiCam.Platform.DuckDns;

namespace PiCam.Tests.DuckDns;

/// <summary>Reading DuckDNS's plain and verbose answers, and refusing anything else.</summary>
public sealed class DuckDnsReplyTests
{
    private static readonly DateTimeOffset At = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Parse_PlainOk_IsASuccessWithoutAddressOrChange()
    {
        var result = DuckDnsReply.Parse("OK", At);

        Assert.Equal(new DuckDnsResult(true, null, null, null, At), result);
    }

    [Fact]
    public void Parse_VerboseOkUpdated_GivesTheIPv4AddressAndChanged()
    {
        var result = DuckDnsReply.Parse("OK\n203.0.113.7\n\nUPDATED", At);

        Assert.Equal(new DuckDnsResult(true, "203.0.113.7", true, null, At), result);
    }

    [Fact]
    public void Parse_VerboseOkNoChangeWithCrLfAndBothAddresses_PrefersIPv4AndIsUnchanged()
    {
        var result = DuckDnsReply.Parse("OK\r\n203.0.113.7\r\n2001:db8::1\r\nNOCHANGE\r\n", At);

        Assert.Equal(new DuckDnsResult(true, "203.0.113.7", false, null, At), result);
    }

    [Fact]
    public void Parse_VerboseOkWithOnlyAnIPv6Address_GivesTheIPv6Address()
    {
        var result = DuckDnsReply.Parse("OK\n\n2001:db8::1\nUPDATED", At);

        Assert.Equal("2001:db8::1", result.Ip);
        Assert.True(result.Changed);
    }

    [Fact]
    public void Parse_VerboseOkWithAMangledAddressAndStatus_IsStillASuccessButReportsNeither()
    {
        var result = DuckDnsReply.Parse("OK\nnot-an-address\n\nMAYBE", At);

        Assert.Equal(new DuckDnsResult(true, null, null, null, At), result);
    }

    [Fact]
    public void Parse_AnIPv6AddressOnTheIPv4Line_IsNotTakenForTheIPv4Address()
    {
        var result = DuckDnsReply.Parse("OK\n2001:db8::1\n\nUPDATED", At);

        Assert.Null(result.Ip);
    }

    [Theory]
    [InlineData("KO")]
    [InlineData("KO\n")]
    [InlineData("  KO\r\n\r\n")]
    public void Parse_Ko_IsAFailureThatNamesTheSettingsToCheck(string body)
    {
        var result = DuckDnsReply.Parse(body, At);

        Assert.False(result.Ok);
        Assert.Null(result.Ip);
        Assert.Equal("DuckDNS answered KO: check DUCKDNS_TOKEN and DUCKDNS_DOMAINS", result.Error);
        Assert.Equal(At, result.At);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n ")]
    public void Parse_EmptyBody_IsAFailure(string body)
    {
        var result = DuckDnsReply.Parse(body, At);

        Assert.False(result.Ok);
        Assert.Equal("DuckDNS answered with an empty body", result.Error);
    }

    [Theory]
    [InlineData("ok", "not a DuckDNS answer: 'ok'")]
    [InlineData("OKAY\n1.2.3.4", "not a DuckDNS answer: 'OKAY'")]
    [InlineData("<html><body>Please log in to the hotel Wi-Fi</body></html>", "not a DuckDNS answer: '<html><body>Please log in to the hotel W…'")]
    [InlineData("bad\u0007bell", "not a DuckDNS answer: 'bad?bell'")]
    public void Parse_Garbage_IsAFailureQuotingTheStartOfTheFirstLine(string body, string error)
    {
        var result = DuckDnsReply.Parse(body, At);

        Assert.False(result.Ok);
        Assert.Null(result.Ip);
        Assert.Null(result.Changed);
        Assert.Equal(error, result.Error);
    }
}
