using System.Buffers.Binary;

namespace PiCam.WebRtc.Rtp;

/// <summary>Writes the 12-byte RTP header we send: version 2, no padding, extension or CSRCs (RFC 3550 §5.1).</summary>
internal static class RtpPacketWriter
{
    public static int WriteHeader(Span<byte> destination, bool marker, byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc)
    {
        if (payloadType > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadType), "RTP payload types are 0 to 127.");
        }

        destination[0] = 0x80;
        destination[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
        return RtpHeader.FixedLength;
    }

    public static int Write(Span<byte> destination, bool marker, byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload)
    {
        var header = WriteHeader(destination, marker, payloadType, sequenceNumber, timestamp, ssrc);
        payload.CopyTo(destination[header..]);
        return header + payload.Length;
    }
}
