using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace PiCam.WebRtc.Stun;

/// <summary>
/// XOR-MAPPED-ADDRESS values (RFC 8489 §14.2): the port is XORed with the cookie's top 16 bits, an IPv4
/// address with the cookie, an IPv6 address with the cookie followed by the transaction ID.
/// </summary>
internal static class StunXorAddress
{
    private const byte FamilyV4 = 0x01;
    private const byte FamilyV6 = 0x02;

    public static int EncodedLength(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 20 : 8;

    public static bool TryDecode(ReadOnlySpan<byte> value, ReadOnlySpan<byte> transactionId, out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (value.Length < 4 || transactionId.Length != StunConstants.TransactionIdLength)
        {
            return false;
        }

        var port = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (StunConstants.MagicCookie >> 16));
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunConstants.MagicCookie);
        transactionId.CopyTo(mask[4..]);
        var addressLength = value[1] switch
        {
            FamilyV4 => 4,
            FamilyV6 => 16,
            _ => 0,
        };
        if (addressLength == 0 || value.Length != 4 + addressLength)
        {
            return false;
        }

        Span<byte> address = stackalloc byte[addressLength];
        for (var i = 0; i < addressLength; i++)
        {
            address[i] = (byte)(value[4 + i] ^ mask[i]);
        }

        endPoint = new IPEndPoint(new IPAddress(address), port);
        return true;
    }

    /// <summary>Writes the value (no attribute header) and returns its length, 8 or 20.</summary>
    public static int Encode(IPEndPoint endPoint, ReadOnlySpan<byte> transactionId, Span<byte> destination)
    {
        var v6 = endPoint.AddressFamily == AddressFamily.InterNetworkV6;
        var addressLength = v6 ? 16 : 4;
        destination[0] = 0;
        destination[1] = v6 ? FamilyV6 : FamilyV4;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(endPoint.Port ^ (StunConstants.MagicCookie >> 16)));
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunConstants.MagicCookie);
        transactionId.CopyTo(mask[4..]);
        var address = destination.Slice(4, addressLength);
        if (!endPoint.Address.TryWriteBytes(address, out var written) || written != addressLength)
        {
            throw new ArgumentException("The address could not be written.", nameof(endPoint));
        }

        for (var i = 0; i < addressLength; i++)
        {
            address[i] ^= mask[i];
        }

        return 4 + addressLength;
    }
}
