using System.Net;
using PiCam.WebRtc.Stun;

namespace PiCam.Tests.WebRtc.Stun;

/// <summary>RFC 5769's own vectors, read and then written again byte for byte.</summary>
public sealed class StunVectorTests
{
    private static readonly byte[] ShortTermKey = StunCredentials.ShortTermKey(Rfc5769Vectors.ShortTermPassword);

    [Fact]
    public void SampleRequest_Parses_WithEveryAttributeTheRfcLists()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.SampleRequest, out var message));

        Assert.Equal(StunConstants.BindingMethod, message.Method);
        Assert.Equal(StunClass.Request, message.Class);
        Assert.Equal(Rfc5769Vectors.TransactionId, message.TransactionId.ToArray());
        Assert.True(message.TryGetUsername(out var username));
        Assert.Equal("evtj:h6vY", username);
        Assert.True(message.TryGetPriority(out var priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(message.TryGetIceControlled(out var tieBreaker));
        Assert.Equal(0x932ff9b151263b36ul, tieBreaker);
        Assert.False(message.TryGetIceControlling(out _));
        Assert.False(message.HasUseCandidate);
        Assert.True(message.TryGetAttribute(StunAttributeType.Software, out var software));
        Assert.Equal("STUN test client", System.Text.Encoding.UTF8.GetString(software));
    }

    [Fact]
    public void SampleRequest_IntegrityAndFingerprint_Verify()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.SampleRequest, out var message));

        Assert.True(message.VerifyMessageIntegrity(ShortTermKey));
        Assert.False(message.VerifyMessageIntegrity(StunCredentials.ShortTermKey("wrong password")));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void SampleRequest_WrittenFromItsParts_IsByteForByteTheVector()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunConstants.BindingMethod, StunClass.Request, Rfc5769Vectors.TransactionId)
        {
            Padding = 0x20,
        };
        writer.AddSoftware("STUN test client");
        writer.AddPriority(0x6e0001ff);
        writer.AddIceControlled(0x932ff9b151263b36);
        writer.AddUsername("evtj:h6vY");
        writer.AddMessageIntegrity(ShortTermKey);
        writer.AddFingerprint();

        Assert.Equal(Hex.Of(Rfc5769Vectors.SampleRequest), Hex.Of(writer.Written));
    }

    [Fact]
    public void Ipv4Response_Parses_To192_0_2_1Port32853()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.SampleIpv4Response, out var message));

        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), mapped);
        Assert.True(message.VerifyMessageIntegrity(ShortTermKey));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void Ipv4Response_WrittenFromItsParts_IsByteForByteTheVector()
    {
        var written = WriteResponse(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853));

        Assert.Equal(Hex.Of(Rfc5769Vectors.SampleIpv4Response), Hex.Of(written));
    }

    [Fact]
    public void Ipv6Response_Parses_ToTheRfcsAddressAndPort()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.SampleIpv6Response, out var message));

        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), mapped);
        Assert.True(message.VerifyMessageIntegrity(ShortTermKey));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void Ipv6Response_WrittenFromItsParts_IsByteForByteTheVector()
    {
        var written = WriteResponse(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853));

        Assert.Equal(Hex.Of(Rfc5769Vectors.SampleIpv6Response), Hex.Of(written));
    }

    [Fact]
    public void LongTermRequest_VerifiesWithTheMd5Key_AndHasNoFingerprint()
    {
        var key = StunCredentials.LongTermKey(Rfc5769Vectors.LongTermUsername, Rfc5769Vectors.LongTermRealm, Rfc5769Vectors.LongTermPassword);
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.LongTermRequest, out var message));

        Assert.True(message.TryGetUsername(out var username));
        Assert.Equal(Rfc5769Vectors.LongTermUsername, username);
        Assert.True(message.VerifyMessageIntegrity(key));
        Assert.False(message.VerifyMessageIntegrity(StunCredentials.LongTermKey(username, Rfc5769Vectors.LongTermRealm, "thematrix")));
        Assert.False(message.HasFingerprint);
        Assert.False(message.VerifyFingerprint());
    }

    [Fact]
    public void LongTermRequest_WrittenFromItsParts_IsByteForByteTheVector()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.LongTermRequest, out var parsed));
        var key = StunCredentials.LongTermKey(Rfc5769Vectors.LongTermUsername, Rfc5769Vectors.LongTermRealm, Rfc5769Vectors.LongTermPassword);
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunConstants.BindingMethod, StunClass.Request, parsed.TransactionId);
        writer.AddUsername(Rfc5769Vectors.LongTermUsername);
        writer.AddAttribute(StunAttributeType.Nonce, System.Text.Encoding.ASCII.GetBytes(Rfc5769Vectors.LongTermNonce));
        writer.AddAttribute(StunAttributeType.Realm, System.Text.Encoding.ASCII.GetBytes(Rfc5769Vectors.LongTermRealm));
        writer.AddMessageIntegrity(key);

        Assert.Equal(Hex.Of(Rfc5769Vectors.LongTermRequest), Hex.Of(writer.Written));
    }

    private static byte[] WriteResponse(IPEndPoint mapped)
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunConstants.BindingMethod, StunClass.SuccessResponse, Rfc5769Vectors.TransactionId)
        {
            Padding = 0x20,
        };
        writer.AddSoftware("test vector");
        writer.AddXorMappedAddress(mapped);
        writer.AddMessageIntegrity(ShortTermKey);
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }
}
