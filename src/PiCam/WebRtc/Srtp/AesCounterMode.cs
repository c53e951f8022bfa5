using System.Security.Cryptography;

namespace PiCam.WebRtc.Srtp;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): block j's counter is the 16-byte IV with j added
/// into its low 16 bits, which SRTP's IVs leave zero. Counter blocks are encrypted in one call of a cached
/// ECB transform (the one-shot <c>EncryptEcb</c> allocates a cipher each call) from scratch buffers the
/// instance keeps, so a packet costs no allocation. Not thread-safe.
/// </summary>
internal sealed class AesCounterMode : IDisposable
{
    private const int MaxBlocks = 1 << 16;
    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private byte[] _counters = new byte[2048];
    private byte[] _keystream = new byte[2048];

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>XORs <paramref name="data"/> in place with the keystream that starts at <paramref name="iv"/>.</summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        var blocks = (data.Length + 15) / 16;
        if (blocks > MaxBlocks || iv.Length != 16)
        {
            throw new ArgumentException("AES-CM takes a 16-byte IV and at most 2^16 blocks.");
        }

        var bytes = blocks * 16;
        if (_counters.Length < bytes)
        {
            _counters = new byte[bytes];
            _keystream = new byte[bytes];
        }

        var baseCounter = (iv[14] << 8) | iv[15];
        for (var j = 0; j < blocks; j++)
        {
            var block = _counters.AsSpan(j * 16, 16);
            iv.CopyTo(block);
            var counter = (baseCounter + j) & 0xFFFF;
            block[14] = (byte)(counter >> 8);
            block[15] = (byte)counter;
        }

        _ecb.TransformBlock(_counters, 0, bytes, _keystream, 0);
        SrtpBytes.Xor(data, _keystream.AsSpan(0, data.Length));
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
    }
}
