using System.Buffers.Binary;

namespace PiCam.WebRtc.Rtcp;

/// <summary>
/// Walks the packets of a compound RTCP datagram. Each packet's version and length are checked against
/// what remains; padding is allowed only on the last packet. <see cref="IsValid"/> turns false at the
/// first malformed packet, and the walk stops there (what came before it was still delivered).
/// </summary>
internal ref struct RtcpCompound
{
    private ReadOnlySpan<byte> _rest;

    public RtcpCompound(ReadOnlySpan<byte> datagram)
    {
        _rest = datagram;
        IsValid = datagram.Length >= RtcpPacket.HeaderLength;
        Current = default;
    }

    public bool IsValid { get; private set; }

    public RtcpPacket Current { get; private set; }

    public readonly RtcpCompound GetEnumerator() => this;

    public bool MoveNext()
    {
        if (!IsValid || _rest.IsEmpty)
        {
            return false;
        }

        if (_rest.Length < RtcpPacket.HeaderLength || (_rest[0] >> 6) != 2)
        {
            return Fail();
        }

        var length = 4 * (BinaryPrimitives.ReadUInt16BigEndian(_rest[2..]) + 1);
        if (length > _rest.Length)
        {
            return Fail();
        }

        var raw = _rest[..length];
        var body = raw[RtcpPacket.HeaderLength..];
        if ((raw[0] & 0x20) != 0)
        {
            var padding = body.IsEmpty ? 0 : body[^1];
            if (length != _rest.Length || padding == 0 || padding > body.Length)
            {
                return Fail();
            }

            body = body[..^padding];
        }

        _rest = _rest[length..];
        Current = new RtcpPacket(raw, body);
        return true;
    }

    private bool Fail()
    {
        IsValid = false;
        return false;
    }
}
