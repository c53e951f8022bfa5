using System.Buffers.Binary;
using System.Security.Cryptography;

namespace PiCam.WebRtc.Srtp;

/// <summary>
/// AEAD_AES_128_GCM (RFC 7714): a 16-byte tag, the RTP header (or the SRTCP header and E|index) as
/// associated data, and a 12-byte IV of SSRC and index XORed with the salt (§8.1, §9.1). SRTCP puts its
/// tag before E|index. Unencrypted SRTCP (E = 0) is refused: browsers never send it.
/// </summary>
internal sealed class AesGcmTransform : ISrtpTransform
{
    private const int Tag = 16;
    private readonly AesGcm _rtp;
    private readonly AesGcm _rtcp;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public AesGcmTransform(SrtpSessionKeys keys)
    {
        _rtp = new AesGcm(keys.RtpKey, Tag);
        _rtcp = new AesGcm(keys.RtcpKey, Tag);
        _rtpSalt = keys.RtpSalt;
        _rtcpSalt = keys.RtcpSalt;
    }

    public int TagLength => Tag;

    public int ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[12];
        RtpNonce(_rtpSalt, ssrc, index, nonce);
        var payload = packet[headerLength..length];
        _rtp.Encrypt(nonce, payload, payload, packet.Slice(length, Tag), packet[..headerLength]);
        return length + Tag;
    }

    public bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[12];
        RtpNonce(_rtpSalt, ssrc, index, nonce);
        var payload = packet[headerLength..(length - Tag)];
        return TryDecrypt(_rtp, nonce, payload, packet.Slice(length - Tag, Tag), packet[..headerLength]);
    }

    public int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        Span<byte> nonce = stackalloc byte[12];
        RtcpNonce(_rtcpSalt, ssrc, index, nonce);
        Span<byte> aad = stackalloc byte[12];
        packet[..8].CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad[8..], 0x80000000u | index);
        var payload = packet[8..length];
        _rtcp.Encrypt(nonce, payload, payload, packet.Slice(length, Tag), aad);
        aad[8..].CopyTo(packet[(length + Tag)..]);
        return length + Tag + 4;
    }

    public bool TryReadRtcpIndex(ReadOnlySpan<byte> packet, out uint index, out bool encrypted)
    {
        index = 0;
        encrypted = false;
        if (packet.Length < 8 + Tag + 4)
        {
            return false;
        }

        var word = BinaryPrimitives.ReadUInt32BigEndian(packet[^4..]);
        encrypted = (word & 0x80000000u) != 0;
        index = word & 0x7FFFFFFFu;
        return true;
    }

    public bool UnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint index, bool encrypted, out int plainLength)
    {
        plainLength = 0;
        if (!encrypted)
        {
            return false;
        }

        Span<byte> nonce = stackalloc byte[12];
        RtcpNonce(_rtcpSalt, ssrc, index, nonce);
        Span<byte> aad = stackalloc byte[12];
        packet[..8].CopyTo(aad);
        packet.Slice(length - 4, 4).CopyTo(aad[8..]);
        var payload = packet[8..(length - Tag - 4)];
        if (!TryDecrypt(_rtcp, nonce, payload, packet.Slice(length - Tag - 4, Tag), aad))
        {
            return false;
        }

        plainLength = length - Tag - 4;
        return true;
    }

    public void Dispose()
    {
        _rtp.Dispose();
        _rtcp.Dispose();
    }

    /// <summary>(00 00 || SSRC || ROC || SEQ) XOR salt; ROC || SEQ is the 48-bit index.</summary>
    internal static void RtpNonce(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> nonce)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt16BigEndian(nonce[6..], (ushort)(index >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], (uint)index);
        SrtpBytes.Xor(nonce, salt);
    }

    /// <summary>(00 00 || SSRC || 00 00 || 0 || 31-bit index) XOR salt.</summary>
    internal static void RtcpNonce(ReadOnlySpan<byte> salt, uint ssrc, uint index, Span<byte> nonce)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], index & 0x7FFFFFFFu);
        SrtpBytes.Xor(nonce, salt);
    }

    private static bool TryDecrypt(AesGcm gcm, ReadOnlySpan<byte> nonce, Span<byte> payload, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> aad)
    {
        try
        {
            gcm.Decrypt(nonce, payload, tag, payload, aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }
}
