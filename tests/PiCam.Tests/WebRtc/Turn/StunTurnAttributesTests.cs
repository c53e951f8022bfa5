using System.Net;
using PiCam.WebRtc.Stun;
using PiCam.WebRtc.Turn;

namespace PiCam.Tests.WebRtc.Turn;

public sealed class StunTurnAttributesTests
{
    private static readonly byte[] TransactionId = Hex.Bytes("01 02 03 04 05 06 07 08 09 0a 0b 0c");

    [Fact]
    public void EveryTurnAttribute_WrittenThenRead_ComesBackTheSame()
    {
        var peer = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 5000);
        var relayed = new IPEndPoint(IPAddress.Parse("2001:db8::1"), 49152);
        var writer = new StunMessageWriter(new byte[512], TurnMethod.Allocate, StunClass.SuccessResponse, TransactionId);
        writer.AddRequestedTransport(StunTurnAttributeWriter.UdpProtocol);
        writer.AddLifetime(600);
        writer.AddChannelNumber(0x4abc);
        writer.AddXorPeerAddress(peer);
        writer.AddXorRelayedAddress(relayed);
        writer.AddData([9, 8, 7]);
        writer.AddRealm("picam.test");
        writer.AddNonce("abc123");

        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.True(message.TryGetLifetime(out var lifetime));
        Assert.Equal(600u, lifetime);
        Assert.True(message.TryGetChannelNumber(out var channel));
        Assert.Equal(0x4abc, channel);
        Assert.True(message.TryGetXorPeerAddress(out var readPeer));
        Assert.Equal(peer, readPeer);
        Assert.True(message.TryGetXorRelayedAddress(out var readRelayed));
        Assert.Equal(relayed, readRelayed);
        Assert.True(message.TryGetData(out var data));
        Assert.Equal([9, 8, 7], data.ToArray());
        Assert.True(message.TryGetRealm(out var realm));
        Assert.Equal("picam.test", realm);
        Assert.True(message.TryGetNonce(out var nonce));
        Assert.Equal("abc123", nonce);
        Assert.True(message.TryGetAttribute(StunAttributeType.RequestedTransport, out var transport));
        Assert.Equal(Hex.Bytes("11 00 00 00"), transport.ToArray());
    }

    [Fact]
    public void WrongLengths_AndAnOverlongRealm_AreRefused()
    {
        var writer = new StunMessageWriter(new byte[1024], TurnMethod.Allocate, StunClass.SuccessResponse, TransactionId);
        writer.AddAttribute(StunAttributeType.Lifetime, [0, 0, 2]);
        writer.AddAttribute(StunAttributeType.ChannelNumber, [0x40, 0]);
        writer.AddAttribute(StunAttributeType.XorPeerAddress, [0, 1, 0, 0, 1]);
        writer.AddAttribute(StunAttributeType.Realm, new byte[200]);
        writer.AddAttribute(StunAttributeType.Nonce, [0xff, 0xfe]);

        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.False(message.TryGetLifetime(out _));
        Assert.False(message.TryGetChannelNumber(out _));
        Assert.False(message.TryGetXorPeerAddress(out _));
        Assert.False(message.TryGetRealm(out _));
        Assert.False(message.TryGetNonce(out _));
    }
}
