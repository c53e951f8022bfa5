using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace PiCam.WebRtc.Stun;

/// <summary>
/// Reading the attributes long-term credentials (RFC 8489 §14.9, §14.10) and TURN (RFC 8656 §18) add. Each
/// getter checks the value's length before it reads, and answers false for anything malformed.
/// </summary>
internal static class StunTurnAttributes
{
    /// <summary>REALM and NONCE are fewer than 128 characters and at most 763 bytes.</summary>
    private const int MaxQuotedStringBytes = 763;

    public static bool TryGetRealm(this StunMessage message, out string realm) =>
        TryGetQuotedString(message, StunAttributeType.Realm, out realm);

    public static bool TryGetNonce(this StunMessage message, out string nonce) =>
        TryGetQuotedString(message, StunAttributeType.Nonce, out nonce);

    /// <summary>LIFETIME in seconds.</summary>
    public static bool TryGetLifetime(this StunMessage message, out uint seconds)
    {
        seconds = 0;
        if (!message.TryGetAttribute(StunAttributeType.Lifetime, out var value) || value.Length != 4)
        {
            return false;
        }

        seconds = BinaryPrimitives.ReadUInt32BigEndian(value);
        return true;
    }

    public static bool TryGetXorRelayedAddress(this StunMessage message, out IPEndPoint? endPoint) =>
        TryGetXorAddress(message, StunAttributeType.XorRelayedAddress, out endPoint);

    public static bool TryGetXorPeerAddress(this StunMessage message, out IPEndPoint? endPoint) =>
        TryGetXorAddress(message, StunAttributeType.XorPeerAddress, out endPoint);

    /// <summary>CHANNEL-NUMBER: the number, then two reserved bytes.</summary>
    public static bool TryGetChannelNumber(this StunMessage message, out ushort channel)
    {
        channel = 0;
        if (!message.TryGetAttribute(StunAttributeType.ChannelNumber, out var value) || value.Length != 4)
        {
            return false;
        }

        channel = BinaryPrimitives.ReadUInt16BigEndian(value);
        return true;
    }

    public static bool TryGetData(this StunMessage message, out ReadOnlySpan<byte> data) =>
        message.TryGetAttribute(StunAttributeType.Data, out data);

    private static bool TryGetXorAddress(StunMessage message, ushort type, out IPEndPoint? endPoint)
    {
        endPoint = null;
        return message.TryGetAttribute(type, out var value) && StunXorAddress.TryDecode(value, message.TransactionId, out endPoint);
    }

    private static bool TryGetQuotedString(StunMessage message, ushort type, out string text)
    {
        text = string.Empty;
        if (!message.TryGetAttribute(type, out var value) || value.Length > MaxQuotedStringBytes)
        {
            return false;
        }

        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(value);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        return text.Length < 128;
    }
}
