using PiCam.Tests.Support;
using PiCam.WebRtc.Rtcp;
using PiCam.WebRtc.Whep;

namespace PiCam.Tests.WebRtc.Whep;

public sealed class RetransmitHistoryTests
{
    private const int SlotBytes = 1232;
    private readonly FakeClock _clock = new();
    private readonly List<byte[]> _sent = [];

    private RetransmitHistory NewHistory() => new(_clock, SlotBytes);

    /// <summary>A packet whose bytes say which sequence number it carries (at the RTP header's place) and how long it is.</summary>
    private static byte[] Packet(ushort sequence, int length = 100)
    {
        var packet = new byte[length];
        packet[0] = 0x80;
        packet[2] = (byte)(sequence >> 8);
        packet[3] = (byte)sequence;
        packet[^1] = (byte)(sequence * 7);
        return packet;
    }

    private int Resend(RetransmitHistory history, params ushort[] lost) =>
        history.Resend(lost, (buffer, length) => _sent.Add(buffer[..length].ToArray()));

    private ushort[] SentSequences() => [.. _sent.Select(p => (ushort)((p[2] << 8) | p[3]))];

    [Fact]
    public void Resend_SendsExactlyTheNackedPacketsStillHeld_ByteForByte_AndSkipsUnknownOnes()
    {
        var history = NewHistory();
        for (ushort sequence = 100; sequence < 110; sequence++)
        {
            history.Add(sequence, Packet(sequence, 90 + sequence));
        }

        var resent = Resend(history, 101, 105, 200, 99, 109);

        Assert.Equal(3, resent);
        Assert.Equal([101, 105, 109], SentSequences());
        Assert.Equal(Packet(101, 191), _sent[0]);
        Assert.Equal(Packet(105, 195), _sent[1]);
        Assert.Equal(Packet(109, 199), _sent[2]);
    }

    [Fact]
    public void Resend_ASequenceNumberWhoseSlotHoldsAnotherPacket_SendsNothing()
    {
        var history = NewHistory();
        history.Add(7, Packet(7));

        Assert.Equal(0, Resend(history, 7 + RetransmitHistory.Capacity, 7 + 2 * RetransmitHistory.Capacity));
        Assert.Empty(_sent);
        Assert.Equal(1, Resend(history, 7));
    }

    [Fact]
    public void Packets_OlderThanOneSecond_AreNotResent()
    {
        var history = NewHistory();
        history.Add(1, Packet(1));
        _clock.Advance(TimeSpan.FromMilliseconds(600));
        history.Add(2, Packet(2));
        _clock.Advance(TimeSpan.FromMilliseconds(401));

        Assert.Equal(1, Resend(history, 1, 2));
        Assert.Equal([2], SentSequences());
    }

    [Fact]
    public void The513thPacket_EvictsTheOldest_SoAtMost512AreHeld()
    {
        var history = NewHistory();
        for (var sequence = 0; sequence < 600; sequence++)
        {
            history.Add((ushort)sequence, Packet((ushort)sequence));
        }

        var all = Enumerable.Range(0, 600).Select(s => (ushort)s).ToArray();
        Assert.Equal(512, Resend(history, all));
        Assert.Equal(Enumerable.Range(88, 512).Select(s => (ushort)s), SentSequences());
        Assert.Equal(512 * SlotBytes, history.MaxBytes);
    }

    [Fact]
    public void A_Nack_AcrossTheWrapAt65535_ResendsThePacketsOnBothSides()
    {
        var history = NewHistory();
        for (var sequence = 65530; sequence < 65536 + 6; sequence++)
        {
            history.Add((ushort)sequence, Packet((ushort)sequence));
        }

        // One FCI entry: PID 65534 and BLP bits 0, 1 and 3 (65535, 0 and 2).
        var nack = new byte[32];
        var length = RtcpGenericNack.Write(nack, 1, 2, [65534, 65535, 0, 2]);
        Assert.Equal(16, length);
        Span<ushort> lost = stackalloc ushort[32];
        var count = RtcpGenericNack.Expand(nack.AsSpan(12, 4), lost);

        Assert.Equal(4, Resend(history, lost[..count].ToArray()));
        Assert.Equal([65534, 65535, 0, 2], SentSequences());
        Assert.Equal(Packet(0), _sent[2]);
    }

    [Fact]
    public void The_SamePacketNackedTwiceAtOnce_IsResentOnce_AndAgainAfter20Milliseconds()
    {
        var history = NewHistory();
        history.Add(40, Packet(40));

        Assert.Equal(1, Resend(history, 40, 40));
        Assert.Equal(0, Resend(history, 40));
        _clock.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(1, Resend(history, 40));
    }

    [Fact]
    public void A_PacketLargerThanASlot_IsNotKept()
    {
        var history = NewHistory();
        history.Add(5, Packet(5, SlotBytes + 1));
        history.Add(6, Packet(6, SlotBytes));

        Assert.Equal(1, Resend(history, 5, 6));
        Assert.Equal([6], SentSequences());
    }
}
