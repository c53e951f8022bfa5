using PiCam.Tests.WebRtc.Stun;
using PiCam.WebRtc.Stun;
using PiCam.WebRtc.Turn;

namespace PiCam.Tests.WebRtc.Turn;

/// <summary>The long-term credential mechanism against RFC 5769 §2.4 ("Sample Request with Long-Term Authentication").</summary>
public sealed class LongTermCredentialsTests
{
    [Fact]
    public void Sign_AfterTheRfcsChallenge_WritesRfc5769Section2_4ByteForByte()
    {
        var credentials = new LongTermCredentials(Rfc5769Vectors.LongTermUsername, Rfc5769Vectors.LongTermPassword);
        credentials.Accept(Rfc5769Vectors.LongTermRealm, Rfc5769Vectors.LongTermNonce);
        var transactionId = Rfc5769Vectors.LongTermRequest.AsSpan(8, 12).ToArray();
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunConstants.BindingMethod, StunClass.Request, transactionId);

        credentials.Sign(ref writer);

        Assert.Equal(Hex.Of(Rfc5769Vectors.LongTermRequest), Hex.Of(writer.Written));
    }

    [Fact]
    public void Key_IsMd5OfUsernameRealmAndPassword_AndVerifiesTheRfcsIntegrity()
    {
        var credentials = new LongTermCredentials(Rfc5769Vectors.LongTermUsername, Rfc5769Vectors.LongTermPassword);
        credentials.Accept(Rfc5769Vectors.LongTermRealm, Rfc5769Vectors.LongTermNonce);
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.LongTermRequest, out var message));

        Assert.True(message.VerifyMessageIntegrity(credentials.Key));
        Assert.True(message.TryGetRealm(out var realm));
        Assert.Equal(Rfc5769Vectors.LongTermRealm, realm);
        Assert.True(message.TryGetNonce(out var nonce));
        Assert.Equal(Rfc5769Vectors.LongTermNonce, nonce);
    }

    [Fact]
    public void Sign_BeforeAnyChallenge_AddsNothing()
    {
        var credentials = new LongTermCredentials("user", "pass");
        var writer = new StunMessageWriter(new byte[64], TurnMethod.Allocate, StunClass.Request, new byte[12]);

        credentials.Sign(ref writer);

        Assert.Equal(StunConstants.HeaderLength, writer.Length);
        Assert.False(credentials.IsChallenged);
    }

    [Fact]
    public void ReplaceNonce_KeepsTheKeyAndRealm_AndSignsWithTheNewNonce()
    {
        var credentials = new LongTermCredentials("user", "pass");
        credentials.Accept("realm", "first");
        var key = credentials.Key;

        credentials.ReplaceNonce("second");
        var writer = new StunMessageWriter(new byte[256], TurnMethod.Refresh, StunClass.Request, new byte[12]);
        credentials.Sign(ref writer);

        Assert.Same(key, credentials.Key);
        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.True(message.TryGetNonce(out var nonce));
        Assert.Equal("second", nonce);
        Assert.True(message.VerifyMessageIntegrity(StunCredentials.LongTermKey("user", "realm", "pass")));
    }
}
