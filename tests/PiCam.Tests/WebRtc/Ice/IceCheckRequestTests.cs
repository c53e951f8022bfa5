using System.Net;
using System.Security.Cryptography;
using PiCam.WebRtc.Ice;
using PiCam.WebRtc.Stun;

namespace PiCam.Tests.WebRtc.Ice;

public sealed class IceCheckRequestTests
{
    [Fact]
    public void OurCheck_IsAnsweredByAResponderWithThoseCredentials_AndCarriesTheControlledRole()
    {
        // The viewer's agent answers as ours does: the same responder, with the viewer as "ours".
        var viewer = new IceCheckResponder("viewerUfrag", "viewer-password-of-22+ch", "picamUfrag");
        var request = new byte[IceCheckRequest.MaxLength];
        var transactionId = RandomNumberGenerator.GetBytes(12);
        var length = IceCheckRequest.Write(request, transactionId, "viewerUfrag", "picamUfrag",
            StunCredentials.ShortTermKey("viewer-password-of-22+ch"), 1862270975, tieBreaker: 0x0102030405060708);

        Assert.True(StunMessage.TryParse(request.AsSpan(0, length), out var check));
        Assert.True(check.TryGetIceControlled(out var tieBreaker));
        Assert.Equal(0x0102030405060708UL, tieBreaker);
        Assert.False(check.TryGetIceControlling(out _));
        Assert.False(check.HasUseCandidate); // the controlled agent never nominates
        Assert.True(check.TryGetPriority(out var priority));
        Assert.Equal(1862270975u, priority);

        var response = new byte[IceCheckResponder.MaxResponseLength];
        var from = new IPEndPoint(IPAddress.Parse("10.79.1.2"), 40000);
        Assert.Equal(IceCheckResult.Answered, viewer.Respond(request.AsSpan(0, length), from, response, out var answered, out _));
        Assert.True(StunMessage.TryParse(response.AsSpan(0, answered), out var success));
        Assert.Equal(transactionId, success.TransactionId.ToArray());
        Assert.True(success.VerifyMessageIntegrity(StunCredentials.ShortTermKey("viewer-password-of-22+ch")));
    }

    [Fact]
    public void OurCheck_SignedWithTheWrongPassword_IsRefusedWith401()
    {
        var viewer = new IceCheckResponder("viewerUfrag", "viewer-password-of-22+ch", "picamUfrag");
        var request = new byte[IceCheckRequest.MaxLength];
        var length = IceCheckRequest.Write(request, RandomNumberGenerator.GetBytes(12), "viewerUfrag", "picamUfrag",
            StunCredentials.ShortTermKey("not the viewer's password"), 1, 1);
        var response = new byte[IceCheckResponder.MaxResponseLength];

        Assert.Equal(IceCheckResult.Rejected, viewer.Respond(request.AsSpan(0, length), new IPEndPoint(IPAddress.Loopback, 1), response, out var answered, out _));
        Assert.True(StunMessage.TryParse(response.AsSpan(0, answered), out var error));
        Assert.True(error.TryGetErrorCode(out var code, out _));
        Assert.Equal(401, code);
    }

    [Fact]
    public void Authenticates_IsTrueOnlyForASignedCheckForUs_AndAnswersNothing()
    {
        var ours = new IceCheckResponder("picamUfrag", "picam-password-of-22+ch", "viewerUfrag");
        byte[] Check(string password, string localUfrag = "viewerUfrag")
        {
            var request = new byte[IceCheckRequest.MaxLength];
            var length = IceCheckRequest.Write(request, RandomNumberGenerator.GetBytes(12), "picamUfrag", localUfrag, StunCredentials.ShortTermKey(password), 1, 1);
            return request[..length];
        }

        Assert.True(ours.Authenticates(Check("picam-password-of-22+ch")));
        Assert.False(ours.Authenticates(Check("someone else's password")));
        Assert.False(ours.Authenticates(Check("picam-password-of-22+ch", localUfrag: "strangerUfrag")));
        Assert.False(ours.Authenticates(new byte[64]));
        Assert.False(ours.Authenticates([]));
    }
}
