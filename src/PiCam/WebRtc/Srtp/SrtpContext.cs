using System.Buffers.Binary;
using PiCam.WebRtc.Rtp;

namespace PiCam.WebRtc.Srtp;

/// <summary>
/// One direction of an SRTP session (RFC 3711): protects what we send, or unprotects what we receive, in
/// place in the caller's buffer. Every length is checked first; a short, forged, replayed or unknown
/// packet returns false and changes nothing. A receiving context learns an SSRC only from a packet that
/// authenticated, and at most <see cref="MaxStreams"/> of them. Not thread-safe: one per session direction.
/// </summary>
internal sealed class SrtpContext : IDisposable
{
    public const int MaxStreams = 32;
    private readonly ISrtpTransform _transform;
    private readonly Dictionary<uint, SrtpStream> _streams = [];

    public SrtpContext(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
        : this(profile, SrtpSessionKeys.Derive(profile, masterKey, masterSalt))
    {
    }

    public SrtpContext(SrtpProfile profile, SrtpSessionKeys keys)
    {
        Profile = profile;
        _transform = profile == SrtpProfile.AeadAes128Gcm ? new AesGcmTransform(keys) : new AesCmHmacSha1Transform(keys);
    }

    public SrtpProfile Profile { get; }

    /// <summary>Bytes protecting an RTP packet adds; the buffer must have this much room after the packet.</summary>
    public int RtpOverhead => _transform.TagLength;

    public int RtcpOverhead => _transform.TagLength + 4;

    public bool TryProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if (length < 0 || length > buffer.Length - RtpOverhead
            || !RtpHeader.TryGetLength(buffer[..length], out var headerLength))
        {
            return false;
        }

        var stream = SendingStream(RtpHeader.Ssrc(buffer));
        if (stream is null)
        {
            return false;
        }

        var index = stream.EstimateIndex(RtpHeader.SequenceNumber(buffer));
        stream.Advance(index);
        protectedLength = _transform.ProtectRtp(buffer, headerLength, length, RtpHeader.Ssrc(buffer), index);
        return true;
    }

    public bool TryUnprotectRtp(Span<byte> buffer, int length, out int plainLength)
    {
        plainLength = 0;
        if (length < 0 || length > buffer.Length
            || !RtpHeader.TryGetLength(buffer[..length], out var headerLength)
            || length - headerLength < RtpOverhead)
        {
            return false;
        }

        var ssrc = RtpHeader.Ssrc(buffer);
        _streams.TryGetValue(ssrc, out var known);
        if (known is null && _streams.Count >= MaxStreams)
        {
            return false;
        }

        var stream = known ?? new SrtpStream();
        var index = stream.EstimateIndex(RtpHeader.SequenceNumber(buffer));
        if (!stream.RtpReplay.IsFresh(index) || !_transform.UnprotectRtp(buffer, headerLength, length, ssrc, index))
        {
            return false;
        }

        stream.RtpReplay.Accept(index);
        stream.Advance(index);
        if (known is null)
        {
            _streams[ssrc] = stream;
        }

        plainLength = length - RtpOverhead;
        return true;
    }

    public bool TryProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if (length < 8 || length > buffer.Length - RtcpOverhead || (buffer[0] >> 6) != 2)
        {
            return false;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        var stream = SendingStream(ssrc);
        if (stream is null || !stream.TryTakeRtcpIndex(out var index))
        {
            return false;
        }

        protectedLength = _transform.ProtectRtcp(buffer, length, ssrc, index);
        return true;
    }

    public bool TryUnprotectRtcp(Span<byte> buffer, int length, out int plainLength)
    {
        plainLength = 0;
        if (length < 8 + RtcpOverhead || length > buffer.Length || (buffer[0] >> 6) != 2
            || !_transform.TryReadRtcpIndex(buffer[..length], out var index, out var encrypted))
        {
            return false;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        _streams.TryGetValue(ssrc, out var known);
        if (known is null && _streams.Count >= MaxStreams)
        {
            return false;
        }

        var stream = known ?? new SrtpStream();
        if (!stream.RtcpReplay.IsFresh(index)
            || !_transform.UnprotectRtcp(buffer, length, ssrc, index, encrypted, out plainLength))
        {
            plainLength = 0;
            return false;
        }

        stream.RtcpReplay.Accept(index);
        if (known is null)
        {
            _streams[ssrc] = stream;
        }

        return true;
    }

    public void Dispose() => _transform.Dispose();

    /// <summary>For tests that replay a published vector: the SRTCP index the next packet from this SSRC takes.</summary>
    internal void SetNextRtcpIndex(uint ssrc, uint index) => SendingStream(ssrc)?.SetNextRtcpIndex(index);

    private SrtpStream? SendingStream(uint ssrc)
    {
        if (_streams.TryGetValue(ssrc, out var stream))
        {
            return stream;
        }

        if (_streams.Count >= MaxStreams)
        {
            return null;
        }

        stream = new SrtpStream();
        _streams[ssrc] = stream;
        return stream;
    }
}
