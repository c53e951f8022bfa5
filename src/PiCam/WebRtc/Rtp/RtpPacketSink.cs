namespace PiCam.WebRtc.Rtp;

/// <summary>
/// Receives each packet a packetizer makes: the packet is <paramref name="buffer"/>[..<paramref name="length"/>],
/// and the buffer has spare room after it (for an SRTP tag, protected in place). The buffer is reused for
/// the next packet, so a sink sends or copies it before returning.
/// </summary>
internal delegate void RtpPacketSink(Span<byte> buffer, int length);
