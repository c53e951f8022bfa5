namespace PiCam.WebRtc.Srtp;

/// <summary>
/// One profile's packet cryptography, given the index the context worked out. Lengths are checked by the
/// caller (<see cref="SrtpContext"/>); a failed authentication returns false, never throws.
/// </summary>
internal interface ISrtpTransform : IDisposable
{
    int TagLength { get; }

    /// <summary>Encrypts the payload in place and appends the tag; returns the SRTP packet's length.</summary>
    int ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index);

    /// <summary>Checks the tag over <paramref name="length"/> bytes (tag included) and decrypts the payload in place.</summary>
    bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index);

    /// <summary>Encrypts everything after the first 8 bytes and appends tag and E|index; returns the SRTCP length.</summary>
    int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index);

    bool TryReadRtcpIndex(ReadOnlySpan<byte> packet, out uint index, out bool encrypted);

    bool UnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint index, bool encrypted, out int plainLength);
}
