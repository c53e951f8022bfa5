using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace PiCam.WebRtc.Stun;

/// <summary>Writing the attributes long-term credentials and TURN add (RFC 8489 §14, RFC 8656 §18).</summary>
internal static class StunTurnAttributeWriter
{
    /// <summary>REQUESTED-TRANSPORT's protocol number for UDP (IANA: 17).</summary>
    public const byte UdpProtocol = 17;

    public static void AddRealm(this ref StunMessageWriter writer, string realm) =>
        writer.AddAttribute(StunAttributeType.Realm, Encoding.UTF8.GetBytes(realm));

    public static void AddNonce(this ref StunMessageWriter writer, string nonce) =>
        writer.AddAttribute(StunAttributeType.Nonce, Encoding.UTF8.GetBytes(nonce));

    public static void AddLifetime(this ref StunMessageWriter writer, uint seconds)
    {
        Span<byte> value = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(value, seconds);
        writer.AddAttribute(StunAttributeType.Lifetime, value);
    }

    /// <summary>REQUESTED-TRANSPORT: the protocol, then three reserved bytes (RFC 8656 §18.7).</summary>
    public static void AddRequestedTransport(this ref StunMessageWriter writer, byte protocol)
    {
        Span<byte> value = [protocol, 0, 0, 0];
        writer.AddAttribute(StunAttributeType.RequestedTransport, value);
    }

    public static void AddChannelNumber(this ref StunMessageWriter writer, ushort channel)
    {
        Span<byte> value = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(value, channel);
        value[2] = 0;
        value[3] = 0;
        writer.AddAttribute(StunAttributeType.ChannelNumber, value);
    }

    public static void AddXorPeerAddress(this ref StunMessageWriter writer, IPEndPoint peer) =>
        AddXorAddress(ref writer, StunAttributeType.XorPeerAddress, peer);

    public static void AddXorRelayedAddress(this ref StunMessageWriter writer, IPEndPoint relayed) =>
        AddXorAddress(ref writer, StunAttributeType.XorRelayedAddress, relayed);

    public static void AddData(this ref StunMessageWriter writer, ReadOnlySpan<byte> data) =>
        writer.AddAttribute(StunAttributeType.Data, data);

    private static void AddXorAddress(ref StunMessageWriter writer, ushort type, IPEndPoint endPoint)
    {
        Span<byte> value = stackalloc byte[20];
        var transactionId = writer.Written.Slice(8, StunConstants.TransactionIdLength);
        var length = StunXorAddress.Encode(endPoint, transactionId, value);
        writer.AddAttribute(type, value[..length]);
    }
}
