using System.Buffers.Binary;
using System.Security.Cryptography;

namespace PiCam.WebRtc.Srtp;

/// <summary>
/// AES_CM_128_HMAC_SHA1_80 (RFC 3711 §4.1.1, §4.2.1): AES-CM with IV = salt*2^16 ^ SSRC*2^64 ^ index*2^16,
/// and an 80-bit HMAC-SHA1 tag over the packet and the rollover counter. SRTCP puts E|index before its tag.
/// </summary>
internal sealed class AesCmHmacSha1Transform : ISrtpTransform
{
    private const int Tag = 10;
    private readonly AesCounterMode _rtpCipher;
    private readonly AesCounterMode _rtcpCipher;
    private readonly IncrementalHash _rtpMac;
    private readonly IncrementalHash _rtcpMac;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public AesCmHmacSha1Transform(SrtpSessionKeys keys)
    {
        _rtpCipher = new AesCounterMode(keys.RtpKey);
        _rtcpCipher = new AesCounterMode(keys.RtcpKey);
        _rtpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtpAuthKey);
        _rtcpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtcpAuthKey);
        _rtpSalt = keys.RtpSalt;
        _rtcpSalt = keys.RtcpSalt;
    }

    public int TagLength => Tag;

    public int ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[16];
        BuildIv(_rtpSalt, ssrc, index, iv);
        _rtpCipher.Apply(iv, packet[headerLength..length]);
        RtpTag(packet[..length], (uint)(index >> 16), packet.Slice(length, Tag));
        return length + Tag;
    }

    public bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        var authenticated = length - Tag;
        Span<byte> tag = stackalloc byte[Tag];
        RtpTag(packet[..authenticated], (uint)(index >> 16), tag);
        if (!CryptographicOperations.FixedTimeEquals(tag, packet.Slice(authenticated, Tag)))
        {
            return false;
        }

        Span<byte> iv = stackalloc byte[16];
        BuildIv(_rtpSalt, ssrc, index, iv);
        _rtpCipher.Apply(iv, packet[headerLength..authenticated]);
        return true;
    }

    public int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        Span<byte> iv = stackalloc byte[16];
        BuildIv(_rtcpSalt, ssrc, index, iv);
        _rtcpCipher.Apply(iv, packet[8..length]);
        BinaryPrimitives.WriteUInt32BigEndian(packet[length..], 0x80000000u | index);
        RtcpTag(packet[..(length + 4)], packet.Slice(length + 4, Tag));
        return length + 4 + Tag;
    }

    public bool TryReadRtcpIndex(ReadOnlySpan<byte> packet, out uint index, out bool encrypted)
    {
        index = 0;
        encrypted = false;
        if (packet.Length < 8 + 4 + Tag)
        {
            return false;
        }

        var word = BinaryPrimitives.ReadUInt32BigEndian(packet[^(4 + Tag)..]);
        encrypted = (word & 0x80000000u) != 0;
        index = word & 0x7FFFFFFFu;
        return true;
    }

    public bool UnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint index, bool encrypted, out int plainLength)
    {
        plainLength = 0;
        var authenticated = length - Tag;
        Span<byte> tag = stackalloc byte[Tag];
        RtcpTag(packet[..authenticated], tag);
        if (!CryptographicOperations.FixedTimeEquals(tag, packet.Slice(authenticated, Tag)))
        {
            return false;
        }

        plainLength = authenticated - 4;
        if (encrypted)
        {
            Span<byte> iv = stackalloc byte[16];
            BuildIv(_rtcpSalt, ssrc, index, iv);
            _rtcpCipher.Apply(iv, packet[8..plainLength]);
        }

        return true;
    }

    public void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpMac.Dispose();
        _rtcpMac.Dispose();
    }

    /// <summary>IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16), 16 bytes.</summary>
    internal static void BuildIv(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> iv)
    {
        iv.Clear();
        salt.CopyTo(iv);
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        for (var i = 0; i < 6; i++)
        {
            iv[8 + i] ^= (byte)(index >> (40 - 8 * i));
        }
    }

    private void RtpTag(ReadOnlySpan<byte> authenticated, uint rolloverCounter, Span<byte> tag)
    {
        Span<byte> roc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(roc, rolloverCounter);
        Span<byte> mac = stackalloc byte[20];
        _rtpMac.AppendData(authenticated);
        _rtpMac.AppendData(roc);
        _rtpMac.GetHashAndReset(mac);
        mac[..Tag].CopyTo(tag);
    }

    private void RtcpTag(ReadOnlySpan<byte> authenticated, Span<byte> tag)
    {
        Span<byte> mac = stackalloc byte[20];
        _rtcpMac.AppendData(authenticated);
        _rtcpMac.GetHashAndReset(mac);
        mac[..Tag].CopyTo(tag);
    }
}
