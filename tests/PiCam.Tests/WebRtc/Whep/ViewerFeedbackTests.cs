using PiCam.Tests.Support;
using PiCam.WebRtc.Rtcp;
using PiCam.WebRtc.Whep;

namespace PiCam.Tests.WebRtc.Whep;

public sealed class ViewerFeedbackTests
{
    private const uint Ours = 0xCAFE;
    private const uint Viewer = 0xB0B;
    private readonly FakeClock _clock = new();
    private readonly RetransmitHistory _history;
    private readonly ViewerFeedback _feedback;
    private readonly List<ushort> _resent = [];

    public ViewerFeedbackTests()
    {
        _history = new RetransmitHistory(_clock, 1232);
        _feedback = new ViewerFeedback(Ours, _history, _clock);
    }

    private bool Receive(byte[] compound) => _feedback.OnCompound(compound, (buffer, length) => _resent.Add((ushort)((buffer[2] << 8) | buffer[3])));

    private static byte[] ReceiverReport(params RtcpReportBlock[] blocks)
    {
        var buffer = new byte[8 + 24 * blocks.Length];
        RtcpReceiverReport.Write(buffer, Viewer, blocks);
        return buffer;
    }

    /// <summary>
    /// RFC 3550 §6.4.1 with real numbers: our sender report left at 2025-06-01 12:16:40 UTC, NTP 0xEBE6C328.00000000,
    /// so the viewer echoes LSR 0xC3280000; it held it 200 ms (DLSR 0x3333, 13107/65536 s) and its report arrives
    /// 250 ms after ours left, at middle-32 0xC3284000. RTT = 0xC3284000 - 0xC3280000 - 0x3333 = 0x0CCD = 3277/65536 s = 50.003 ms.
    /// </summary>
    [Fact]
    public void A_ReceiverReport_EchoingOurSenderReport_GivesTheRoundTrip_LossAndJitter()
    {
        var sentAt = _clock.GetUtcNow();
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 12, 16, 40, TimeSpan.Zero), sentAt);
        var lastSenderReport = NtpTimestamp.Middle(NtpTimestamp.From(sentAt));
        Assert.Equal(0xC3280000u, lastSenderReport);
        Assert.Null(_feedback.Reception.RoundTrip);

        _clock.Advance(TimeSpan.FromMilliseconds(250));
        Receive(ReceiverReport(new RtcpReportBlock(Ours, FractionLost: 13, CumulativeLost: 42, HighestSequence: 0x1_0010, Jitter: 270,
            LastSenderReport: lastSenderReport, DelaySinceLastSenderReport: 0x3333)));

        var reception = _feedback.Reception;
        Assert.Equal(3277 * TimeSpan.TicksPerSecond / 65536, reception.RoundTrip!.Value.Ticks);
        Assert.Equal(50.003, reception.RoundTrip.Value.TotalMilliseconds, 3);
        Assert.Equal(13 / 256.0, reception.FractionLost);
        Assert.Equal(42, reception.CumulativeLost);
        Assert.Equal(3.0, reception.JitterMs); // 270 ticks of 90 kHz
    }

    [Fact]
    public void A_ReportBeforeAnySenderReport_HasNoRoundTrip_AndALaterOneWithoutLsrKeepsTheLastKnown()
    {
        Receive(ReceiverReport(new RtcpReportBlock(Ours, 0, 1, 5, 9, 0, 0)));
        Assert.Null(_feedback.Reception.RoundTrip);
        Assert.Equal(1, _feedback.Reception.CumulativeLost);

        var lsr = NtpTimestamp.Middle(NtpTimestamp.From(_clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromMilliseconds(10));
        Receive(ReceiverReport(new RtcpReportBlock(Ours, 0, 2, 6, 9, lsr, 0)));
        var known = _feedback.Reception.RoundTrip;
        Assert.Equal(10, known!.Value.TotalMilliseconds, 0);

        Receive(ReceiverReport(new RtcpReportBlock(Ours, 0, 3, 7, 9, 0, 0)));
        Assert.Equal(known, _feedback.Reception.RoundTrip);
        Assert.Equal(3, _feedback.Reception.CumulativeLost);
    }

    [Fact]
    public void A_BlockAboutAnotherSsrc_ChangesNothing()
    {
        Receive(ReceiverReport(new RtcpReportBlock(0xF00D, 128, 999, 1, 1, 0, 0)));

        Assert.Equal(ViewerReception.None, _feedback.Reception);
    }

    [Fact]
    public void A_Nack_InACompoundWithAReport_IsAnsweredFromTheHistory_AndCounted()
    {
        for (ushort sequence = 10; sequence < 20; sequence++)
        {
            var packet = new byte[40];
            packet[0] = 0x80;
            packet[3] = (byte)sequence;
            _history.Add(sequence, packet);
        }

        var report = ReceiverReport(new RtcpReportBlock(Ours, 0, 2, 19, 0, 0, 0));
        var nack = new byte[64];
        var nackLength = RtcpGenericNack.Write(nack, Viewer, Ours, [12, 14, 30]);
        var elsewhere = RtcpGenericNack.Write(nack.AsSpan(nackLength), Viewer, 0xF00D, [13]);

        var keyframe = Receive([.. report, .. nack.AsSpan(0, nackLength + elsewhere)]);

        Assert.False(keyframe);
        Assert.Equal([12, 14], _resent);
        Assert.Equal(1, _feedback.Nacks);
        Assert.Equal(3, _feedback.NackedPackets);
        Assert.Equal(2, _feedback.Retransmits);
        Assert.Equal(2, _feedback.Reception.CumulativeLost);
    }

    [Fact]
    public void Pli_AndFir_ForOurStream_AskForAKeyframe_AndForAnotherDoNot()
    {
        var buffer = new byte[32];
        var length = RtcpFeedback.WritePictureLossIndication(buffer, Viewer, Ours);
        Assert.True(Receive(buffer[..length]));

        length = RtcpFullIntraRequest.Write(buffer, Viewer, Ours, 1);
        Assert.True(Receive(buffer[..length]));

        length = RtcpFeedback.WritePictureLossIndication(buffer, Viewer, 0xF00D);
        Assert.False(Receive(buffer[..length]));
        Assert.Equal(2, _feedback.KeyframeRequests);
    }

    [Theory]
    [InlineData(0x1000u, 0x0FF0u, 16)] // 16/65536 s
    [InlineData(0x1000u, 0x1001u, 0)] // a unit below zero: truncation on a fast link
    [InlineData(0x1000u, 0x2000u, null)] // far below zero: nonsense
    public void RoundTrip_OfABlock_IsArrivalLessLsrLessDlsr_AndTruncationBelowZeroIsZero(uint arrivalMiddle, uint delay, int? units)
    {
        var arrival = (ulong)(0x1234_0000u + arrivalMiddle) << 16;
        var block = new RtcpReportBlock(Ours, 0, 0, 0, 0, LastSenderReport: 0x1234_0000u, DelaySinceLastSenderReport: delay);

        var roundTrip = ViewerFeedback.RoundTrip(arrival, block);

        Assert.Equal(units is { } u ? TimeSpan.FromTicks(u * TimeSpan.TicksPerSecond / 65536) : null, roundTrip);
    }
}
