using System.Buffers.Binary;

namespace PiCam.WebRtc.Rtcp;

/// <summary>
/// One RTCP packet of a compound packet (RFC 3550 §6.4): the 5-bit count (RC, SC or feedback FMT), the
/// type, and the body after the 4-byte header with any padding removed.
/// </summary>
internal readonly ref struct RtcpPacket
{
    public const int HeaderLength = 4;

    public RtcpPacket(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> body)
    {
        Raw = raw;
        Body = body;
    }

    public ReadOnlySpan<byte> Raw { get; }

    public ReadOnlySpan<byte> Body { get; }

    public int Count => Raw[0] & 0x1F;

    public byte Type => Raw[1];

    /// <summary>Writes a header for a packet of <paramref name="totalLength"/> bytes (a multiple of 4).</summary>
    public static void WriteHeader(Span<byte> destination, int count, byte type, int totalLength)
    {
        if ((totalLength & 3) != 0 || totalLength < HeaderLength || count > 31)
        {
            throw new ArgumentException("An RTCP packet is a whole number of 32-bit words with a 5-bit count.");
        }

        destination[0] = (byte)(0x80 | count);
        destination[1] = type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(totalLength / 4 - 1));
    }
}
