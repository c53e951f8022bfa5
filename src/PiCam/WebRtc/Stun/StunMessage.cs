using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace PiCam.WebRtc.Stun;

/// <summary>
/// A parsed STUN message over the datagram's own bytes (RFC 8489). <see cref="TryParse"/> checks the
/// header and walks every attribute's length once, so every getter afterwards reads only checked bytes.
/// Attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored (§14.5); nothing may follow
/// FINGERPRINT.
/// </summary>
internal readonly ref struct StunMessage
{
    private readonly int _integrityOffset;
    private readonly int _fingerprintOffset;

    private StunMessage(ReadOnlySpan<byte> raw, int integrityOffset, int fingerprintOffset)
    {
        Raw = raw;
        _integrityOffset = integrityOffset;
        _fingerprintOffset = fingerprintOffset;
    }

    /// <summary>The whole message, header included (trailing datagram bytes excluded).</summary>
    public ReadOnlySpan<byte> Raw { get; }

    public ushort Type => BinaryPrimitives.ReadUInt16BigEndian(Raw);

    public ushort Method => StunConstants.DecodeMethod(Type);

    public StunClass Class => StunConstants.DecodeClass(Type);

    public ReadOnlySpan<byte> TransactionId => Raw.Slice(8, StunConstants.TransactionIdLength);

    public bool HasMessageIntegrity => _integrityOffset >= 0;

    public bool HasFingerprint => _fingerprintOffset >= 0;

    /// <summary>Cheap demultiplexing test (RFC 7983): top two bits zero and the magic cookie present.</summary>
    public static bool LooksLikeStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= StunConstants.HeaderLength && (datagram[0] & 0xC0) == 0
        && BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == StunConstants.MagicCookie;

    public static bool TryParse(ReadOnlySpan<byte> datagram, out StunMessage message)
    {
        message = default;
        if (!LooksLikeStun(datagram))
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if ((length & 3) != 0 || StunConstants.HeaderLength + length > datagram.Length)
        {
            return false;
        }

        var raw = datagram[..(StunConstants.HeaderLength + length)];
        int integrity = -1, fingerprint = -1;
        var offset = StunConstants.HeaderLength;
        while (offset < raw.Length)
        {
            if (fingerprint >= 0 || raw.Length - offset < 4)
            {
                return false;
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(raw[offset..]);
            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(raw[(offset + 2)..]);
            if (StunConstants.Padded(valueLength) > raw.Length - offset - 4)
            {
                return false;
            }

            if (type == StunAttributeType.MessageIntegrity && integrity < 0)
            {
                if (valueLength != StunConstants.MessageIntegrityLength)
                {
                    return false;
                }

                integrity = offset;
            }
            else if (type == StunAttributeType.Fingerprint)
            {
                if (valueLength != StunConstants.FingerprintLength)
                {
                    return false;
                }

                fingerprint = offset;
            }

            offset += 4 + StunConstants.Padded(valueLength);
        }

        message = new StunMessage(raw, integrity, fingerprint);
        return true;
    }

    /// <summary>The first attribute of <paramref name="type"/> that MESSAGE-INTEGRITY covers.</summary>
    public bool TryGetAttribute(ushort type, out ReadOnlySpan<byte> value)
    {
        var end = _integrityOffset >= 0 ? _integrityOffset : _fingerprintOffset >= 0 ? _fingerprintOffset : Raw.Length;
        var offset = StunConstants.HeaderLength;
        while (offset < end)
        {
            var attributeType = BinaryPrimitives.ReadUInt16BigEndian(Raw[offset..]);
            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(Raw[(offset + 2)..]);
            if (attributeType == type)
            {
                value = Raw.Slice(offset + 4, valueLength);
                return true;
            }

            offset += 4 + StunConstants.Padded(valueLength);
        }

        value = default;
        return false;
    }

    public bool HasAttribute(ushort type) => TryGetAttribute(type, out _);

    /// <summary>USERNAME as UTF-8; at most 513 bytes (RFC 8489 §14.3).</summary>
    public bool TryGetUsername(out string username)
    {
        username = string.Empty;
        if (!TryGetAttribute(StunAttributeType.Username, out var value) || value.Length > 513)
        {
            return false;
        }

        username = Encoding.UTF8.GetString(value);
        return true;
    }

    public bool TryGetPriority(out uint priority) => TryGetUInt32(StunAttributeType.Priority, out priority);

    public bool HasUseCandidate => HasAttribute(StunAttributeType.UseCandidate);

    public bool TryGetIceControlling(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlling, out tieBreaker);

    public bool TryGetIceControlled(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlled, out tieBreaker);

    public bool TryGetXorMappedAddress(out IPEndPoint? endPoint)
    {
        endPoint = null;
        return TryGetAttribute(StunAttributeType.XorMappedAddress, out var value)
            && StunXorAddress.TryDecode(value, TransactionId, out endPoint);
    }

    /// <summary>ERROR-CODE (RFC 8489 §14.8): class 3..6 and number 0..99 give codes 300..699.</summary>
    public bool TryGetErrorCode(out int code, out string reason)
    {
        code = 0;
        reason = string.Empty;
        if (!TryGetAttribute(StunAttributeType.ErrorCode, out var value) || value.Length < 4 || value.Length > 4 + 763)
        {
            return false;
        }

        var errorClass = value[2] & 0x07;
        var number = value[3];
        if (errorClass < 3 || errorClass > 6 || number > 99)
        {
            return false;
        }

        code = errorClass * 100 + number;
        reason = Encoding.UTF8.GetString(value[4..]);
        return true;
    }

    /// <summary>HMAC-SHA1 over the message up to MESSAGE-INTEGRITY, its length field counting up to and including it.</summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key)
    {
        if (_integrityOffset < 0)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[StunConstants.MessageIntegrityLength];
        ComputeMessageIntegrity(Raw[.._integrityOffset], key, mac);
        return CryptographicOperations.FixedTimeEquals(mac, Raw.Slice(_integrityOffset + 4, StunConstants.MessageIntegrityLength));
    }

    public bool VerifyFingerprint()
    {
        if (_fingerprintOffset < 0)
        {
            return false;
        }

        // FINGERPRINT is last, so the length field already counts it.
        var expected = Crc32.Compute(Raw[.._fingerprintOffset]) ^ StunConstants.FingerprintXor;
        return BinaryPrimitives.ReadUInt32BigEndian(Raw[(_fingerprintOffset + 4)..]) == expected;
    }

    /// <summary>
    /// HMAC-SHA1 of <paramref name="prefix"/> (header and attributes before MESSAGE-INTEGRITY) as if its length
    /// field counted the 24-byte MESSAGE-INTEGRITY attribute that follows.
    /// </summary>
    internal static void ComputeMessageIntegrity(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> key, Span<byte> destination)
    {
        var rented = ArrayPool<byte>.Shared.Rent(prefix.Length);
        try
        {
            var copy = rented.AsSpan(0, prefix.Length);
            prefix.CopyTo(copy);
            BinaryPrimitives.WriteUInt16BigEndian(copy[2..], (ushort)(prefix.Length - StunConstants.HeaderLength + 4 + StunConstants.MessageIntegrityLength));
            HMACSHA1.HashData(key, copy, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private bool TryGetUInt32(ushort type, out uint result)
    {
        result = 0;
        if (!TryGetAttribute(type, out var value) || value.Length != 4)
        {
            return false;
        }

        result = BinaryPrimitives.ReadUInt32BigEndian(value);
        return true;
    }

    private bool TryGetUInt64(ushort type, out ulong result)
    {
        result = 0;
        if (!TryGetAttribute(type, out var value) || value.Length != 8)
        {
            return false;
        }

        result = BinaryPrimitives.ReadUInt64BigEndian(value);
        return true;
    }
}
