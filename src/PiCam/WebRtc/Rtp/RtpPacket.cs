using System.Buffers.Binary;

namespace PiCam.WebRtc.Rtp;

/// <summary>
/// An RTP packet (RFC 3550 §5.1) read in place. <see cref="TryParse"/> checks the version, the CSRC list,
/// the extension and the padding count against the packet's length; the spans it exposes are inside it.
/// </summary>
internal readonly ref struct RtpPacket
{
    private RtpPacket(ReadOnlySpan<byte> raw, int headerLength, int payloadLength)
    {
        Raw = raw;
        HeaderLength = headerLength;
        Payload = raw.Slice(headerLength, payloadLength);
    }

    public ReadOnlySpan<byte> Raw { get; }

    public int HeaderLength { get; }

    /// <summary>The payload without padding.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    public bool Marker => (Raw[1] & 0x80) != 0;

    public byte PayloadType => (byte)(Raw[1] & 0x7F);

    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(Raw[2..]);

    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(Raw[4..]);

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(Raw[8..]);

    public int CsrcCount => Raw[0] & 0x0F;

    public uint Csrc(int i) => BinaryPrimitives.ReadUInt32BigEndian(Raw[(RtpHeader.FixedLength + 4 * i)..]);

    public bool HasExtension => (Raw[0] & 0x10) != 0;

    public ushort ExtensionProfile => HasExtension ? BinaryPrimitives.ReadUInt16BigEndian(Raw[(RtpHeader.FixedLength + 4 * CsrcCount)..]) : (ushort)0;

    public ReadOnlySpan<byte> ExtensionData =>
        HasExtension ? Raw[(RtpHeader.FixedLength + 4 * CsrcCount + 4)..HeaderLength] : default;

    public static bool TryParse(ReadOnlySpan<byte> datagram, out RtpPacket packet)
    {
        packet = default;
        if (!RtpHeader.TryGetLength(datagram, out var headerLength))
        {
            return false;
        }

        var payloadLength = datagram.Length - headerLength;
        if ((datagram[0] & 0x20) != 0)
        {
            // The last byte counts the padding, itself included (§5.1).
            var padding = payloadLength > 0 ? datagram[^1] : 0;
            if (padding == 0 || padding > payloadLength)
            {
                return false;
            }

            payloadLength -= padding;
        }

        packet = new RtpPacket(datagram, headerLength, payloadLength);
        return true;
    }
}
