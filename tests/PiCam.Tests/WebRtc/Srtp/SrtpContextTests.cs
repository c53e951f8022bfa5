using System.Buffers.Binary;
using PiCam.WebRtc.Srtp;

namespace PiCam.Tests.WebRtc.Srtp;

public sealed class SrtpContextTests
{
    private static readonly byte[] MasterKey = Hex.Bytes("E1F97A0D3E018BE0D64FA32C06DE4139");

    public static TheoryData<int> Profiles => [(int)SrtpProfile.AesCm128HmacSha1_80, (int)SrtpProfile.AeadAes128Gcm];

    private static SrtpContext Context(int profile)
    {
        var p = (SrtpProfile)profile;
        return new SrtpContext(p, MasterKey, Hex.Bytes("0EC675AD498AFEEBB6960B3AABE6")[..SrtpProfiles.MasterSaltLength(p)]);
    }

    /// <summary>An RTP packet with room for the tag: V=2, PT 96, the given sequence number, SSRC 0x11223344.</summary>
    internal static byte[] RtpPacket(ushort sequence, int payloadLength = 100, uint ssrc = 0x11223344, int csrcCount = 0, int extensionWords = 0)
    {
        var header = 12 + 4 * csrcCount + (extensionWords > 0 ? 4 + 4 * extensionWords : 0);
        var packet = new byte[header + payloadLength + 16];
        packet[0] = (byte)(0x80 | csrcCount | (extensionWords > 0 ? 0x10 : 0));
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 90_000u * sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        if (extensionWords > 0)
        {
            var at = 12 + 4 * csrcCount;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at + 2), (ushort)extensionWords);
        }

        for (var i = header; i < header + payloadLength; i++)
        {
            packet[i] = (byte)(i * 7 + sequence);
        }

        return packet;
    }

    private static int PlainLength(byte[] packet) => packet.Length - 16;

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtp_ProtectThenUnprotect_GivesBackThePacket_AndHidesThePayload(int profile)
    {
        using var sender = Context(profile);
        using var receiver = Context(profile);
        var plain = RtpPacket(1, csrcCount: 2, extensionWords: 1);
        var buffer = (byte[])plain.Clone();

        Assert.True(sender.TryProtectRtp(buffer, PlainLength(plain), out var length));
        Assert.Equal(PlainLength(plain) + sender.RtpOverhead, length);
        Assert.NotEqual(Hex.Of(plain.AsSpan(32, 50)), Hex.Of(buffer.AsSpan(32, 50)));
        Assert.Equal(Hex.Of(plain.AsSpan(0, 28)), Hex.Of(buffer.AsSpan(0, 28)));

        Assert.True(receiver.TryUnprotectRtp(buffer, length, out var plainLength));
        Assert.Equal(Hex.Of(plain.AsSpan(0, PlainLength(plain))), Hex.Of(buffer.AsSpan(0, plainLength)));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtp_ThePacketAgain_IsRefusedAsAReplay(int profile)
    {
        using var sender = Context(profile);
        using var receiver = Context(profile);
        var buffer = RtpPacket(7);
        Assert.True(sender.TryProtectRtp(buffer, PlainLength(buffer), out var length));
        var copy = (byte[])buffer.Clone();

        Assert.True(receiver.TryUnprotectRtp(buffer, length, out _));
        Assert.False(receiver.TryUnprotectRtp(copy, length, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtp_Reordered_InsideTheWindow_IsAccepted_AndTooOld_IsRefused(int profile)
    {
        using var sender = Context(profile);
        using var receiver = Context(profile);
        var packets = new List<(byte[] Bytes, int Length)>();
        for (ushort s = 0; s < 200; s++)
        {
            var p = RtpPacket(s, payloadLength: 20);
            Assert.True(sender.TryProtectRtp(p, PlainLength(p), out var length));
            packets.Add((p, length));
        }

        Assert.True(receiver.TryUnprotectRtp(packets[150].Bytes, packets[150].Length, out _));
        Assert.True(receiver.TryUnprotectRtp(packets[100].Bytes, packets[100].Length, out _));
        Assert.True(receiver.TryUnprotectRtp(packets[199].Bytes, packets[199].Length, out _));
        Assert.False(receiver.TryUnprotectRtp(packets[120].Bytes, packets[120].Length, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtp_AcrossTheSequenceNumberWrap_KeepsDecrypting(int profile)
    {
        using var sender = Context(profile);
        using var receiver = Context(profile);
        foreach (var sequence in new ushort[] { 65530, 65533, 65535, 0, 1, 5, 65534, 9 })
        {
            var plain = RtpPacket(sequence);
            var buffer = (byte[])plain.Clone();
            Assert.True(sender.TryProtectRtp(buffer, PlainLength(plain), out var length));

            Assert.True(receiver.TryUnprotectRtp(buffer, length, out var plainLength), $"sequence {sequence}");
            Assert.Equal(Hex.Of(plain.AsSpan(0, PlainLength(plain))), Hex.Of(buffer.AsSpan(0, plainLength)));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtcp_ProtectThenUnprotect_GivesBackThePacket_WithAFreshIndexEachTime(int profile)
    {
        using var sender = Context(profile);
        using var receiver = Context(profile);
        var plain = Hex.Bytes("80c80006 11223344 0000000100000002 00000003 00000004 00000005");
        uint? lastIndex = null;
        for (var i = 0; i < 3; i++)
        {
            var buffer = new byte[plain.Length + sender.RtcpOverhead];
            plain.CopyTo(buffer, 0);
            Assert.True(sender.TryProtectRtcp(buffer, plain.Length, out var length));
            Assert.Equal(plain.Length + sender.RtcpOverhead, length);
            var copy = (byte[])buffer.Clone();

            Assert.True(receiver.TryUnprotectRtcp(buffer, length, out var plainLength));
            Assert.Equal(Hex.Of(plain), Hex.Of(buffer.AsSpan(0, plainLength)));
            Assert.False(receiver.TryUnprotectRtcp(copy, length, out _));
            var index = profile == (int)SrtpProfile.AeadAes128Gcm
                ? BinaryPrimitives.ReadUInt32BigEndian(copy.AsSpan(length - 4))
                : BinaryPrimitives.ReadUInt32BigEndian(copy.AsSpan(length - 14));
            Assert.True(lastIndex is null || index == lastIndex + 1);
            lastIndex = index;
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void WrongKey_IsRefused_ForRtpAndRtcp(int profile)
    {
        using var sender = Context(profile);
        var p = (SrtpProfile)profile;
        using var stranger = new SrtpContext(p, new byte[16], new byte[SrtpProfiles.MasterSaltLength(p)]);
        var rtp = RtpPacket(3);
        Assert.True(sender.TryProtectRtp(rtp, PlainLength(rtp), out var rtpLength));
        var rtcp = new byte[64];
        Hex.Bytes("80c90001 11223344").CopyTo(rtcp, 0);
        Assert.True(sender.TryProtectRtcp(rtcp, 8, out var rtcpLength));

        Assert.False(stranger.TryUnprotectRtp(rtp, rtpLength, out _));
        Assert.False(stranger.TryUnprotectRtcp(rtcp, rtcpLength, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Protect_WithoutRoomForTheTag_IsRefused_AndLeavesTheBufferAlone(int profile)
    {
        using var sender = Context(profile);
        var plain = RtpPacket(1);
        var tight = plain.AsSpan(0, PlainLength(plain) + sender.RtpOverhead - 1).ToArray();

        Assert.False(sender.TryProtectRtp(tight, PlainLength(plain), out _));
        Assert.Equal(Hex.Of(plain.AsSpan(0, tight.Length)), Hex.Of(tight));
    }

    [Fact]
    public void Unprotect_FromMoreSsrcsThanTheLimit_RefusesTheExtraOnes()
    {
        var profile = (int)SrtpProfile.AeadAes128Gcm;
        using var receiver = Context(profile);
        for (uint ssrc = 1; ssrc <= SrtpContext.MaxStreams + 1; ssrc++)
        {
            using var sender = Context(profile);
            var p = RtpPacket(1, ssrc: ssrc);
            Assert.True(sender.TryProtectRtp(p, PlainLength(p), out var length));

            Assert.Equal(ssrc <= SrtpContext.MaxStreams, receiver.TryUnprotectRtp(p, length, out _));
        }
    }
}
