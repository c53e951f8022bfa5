using System.Net;
using PiCam.Tests.WebRtc.Stun;
using PiCam.WebRtc.Ice;
using PiCam.WebRtc.Stun;

namespace PiCam.Tests.WebRtc.Ice;

public sealed class IceCheckResponderTests
{
    private static readonly IPEndPoint Browser = new(IPAddress.Parse("192.168.1.77"), 54321);

    /// <summary>RFC 5769's sample request is a check for the agent whose ufrag is "evtj", from "h6vY".</summary>
    private static readonly IceCheckResponder Rfc5769Agent = new("evtj", Rfc5769Vectors.ShortTermPassword, "h6vY");

    [Fact]
    public void Rfc5769Request_IsAnswered_WithTheSendersAddress_SignedAndFingerprinted()
    {
        var response = new byte[IceCheckResponder.MaxResponseLength];

        var result = Rfc5769Agent.Respond(Rfc5769Vectors.SampleRequest, Browser, response, out var length, out var nominated);

        Assert.Equal(IceCheckResult.Answered, result);
        Assert.False(nominated);
        Assert.True(StunMessage.TryParse(response.AsSpan(0, length), out var answer));
        Assert.Equal(StunClass.SuccessResponse, answer.Class);
        Assert.Equal(Rfc5769Vectors.TransactionId, answer.TransactionId.ToArray());
        Assert.True(answer.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(Browser, mapped);
        Assert.True(answer.VerifyMessageIntegrity(StunCredentials.ShortTermKey(Rfc5769Vectors.ShortTermPassword)));
        Assert.True(answer.VerifyFingerprint());
    }

    [Fact]
    public void CheckWithUseCandidate_Nominates()
    {
        var responder = new IceCheckResponder("lite", "passwordpasswordpassword", "full");
        var request = Check("lite:full", "passwordpasswordpassword", useCandidate: true);
        var response = new byte[IceCheckResponder.MaxResponseLength];

        Assert.Equal(IceCheckResult.Answered, responder.Respond(request, new IPEndPoint(IPAddress.IPv6Loopback, 9), response, out var length, out var nominated));
        Assert.True(nominated);
        Assert.True(length <= IceCheckResponder.MaxResponseLength);
    }

    [Theory]
    [InlineData("evtj:h6vY", "wrong password of 22 c", 401)]
    [InlineData("evtj:someone", Rfc5769Vectors.ShortTermPassword, 401)]
    [InlineData(null, Rfc5769Vectors.ShortTermPassword, 400)]
    public void BadCredentials_GetAnErrorResponse(string? username, string password, int code)
    {
        var response = new byte[IceCheckResponder.MaxResponseLength];

        var result = Rfc5769Agent.Respond(Check(username, password, useCandidate: true), Browser, response, out var length, out var nominated);

        Assert.Equal(IceCheckResult.Rejected, result);
        Assert.False(nominated);
        Assert.True(StunMessage.TryParse(response.AsSpan(0, length), out var answer));
        Assert.Equal(StunClass.ErrorResponse, answer.Class);
        Assert.True(answer.TryGetErrorCode(out var actual, out _));
        Assert.Equal(code, actual);
    }

    [Fact]
    public void ResponsesAndGarbage_AreIgnored()
    {
        var response = new byte[IceCheckResponder.MaxResponseLength];
        var random = new Random(8445);

        Assert.Equal(IceCheckResult.Ignored, Rfc5769Agent.Respond(Rfc5769Vectors.SampleIpv4Response, Browser, response, out _, out _));
        for (var i = 0; i < 5000; i++)
        {
            var garbage = Rfc5769Vectors.SampleRequest[..random.Next(Rfc5769Vectors.SampleRequest.Length)];
            Assert.NotEqual(IceCheckResult.Answered, Rfc5769Agent.Respond(garbage, Browser, response, out _, out _));
        }
    }

    private static byte[] Check(string? username, string password, bool useCandidate)
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunConstants.BindingMethod, StunClass.Request, [9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2]);
        if (username is not null)
        {
            writer.AddUsername(username);
        }

        writer.AddPriority(1_845_501_695);
        writer.AddIceControlling(42);
        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(StunCredentials.ShortTermKey(password));
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }
}
