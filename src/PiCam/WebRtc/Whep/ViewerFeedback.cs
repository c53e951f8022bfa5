using PiCam.WebRtc.Rtcp;
using PiCam.WebRtc.Rtp;

namespace PiCam.WebRtc.Whep;

/// <summary>
/// Acts on the RTCP a viewer sends about our stream, once SRTCP has authenticated and decrypted it: receiver
/// reports become <see cref="Reception"/> (loss, jitter, and the round trip from LSR/DLSR, RFC 3550 §6.4.1),
/// generic NACKs are answered from the <see cref="RetransmitHistory"/>, and PLI or FIR ask for a keyframe.
/// Blocks and feedback about another SSRC are ignored. Called from the receive loop only; the figures may
/// be read from any thread.
/// </summary>
internal sealed class ViewerFeedback
{
    private readonly uint _ssrc;
    private readonly RetransmitHistory _history;
    private readonly TimeProvider _time;
    private readonly ushort[] _lost = new ushort[RetransmitHistory.Capacity];
    private ViewerReception _reception = ViewerReception.None;
    private long _nacks;
    private long _nackedPackets;
    private long _retransmits;
    private int _keyframeRequests;

    public ViewerFeedback(uint ssrc, RetransmitHistory history, TimeProvider time)
    {
        _ssrc = ssrc;
        _history = history;
        _time = time;
    }

    public ViewerReception Reception => Volatile.Read(ref _reception);

    /// <summary>Generic NACK packets received about our stream.</summary>
    public long Nacks => Interlocked.Read(ref _nacks);

    /// <summary>Packets those NACKs asked for.</summary>
    public long NackedPackets => Interlocked.Read(ref _nackedPackets);

    /// <summary>Packets sent again because a NACK asked for them.</summary>
    public long Retransmits => Interlocked.Read(ref _retransmits);

    public int KeyframeRequests => Volatile.Read(ref _keyframeRequests);

    /// <summary>Walks a decrypted compound packet; returns true when it asked for a keyframe.</summary>
    public bool OnCompound(ReadOnlySpan<byte> plain, RtpPacketSink resend)
    {
        var keyframe = false;
        foreach (var packet in new RtcpCompound(plain))
        {
            if (RtcpFeedback.TryParse(packet, out var feedback))
            {
                if (feedback.IsGenericNack && feedback.MediaSsrc == _ssrc)
                {
                    OnNack(feedback.Fci, resend);
                }
                else if (feedback.IsPictureLossIndication && feedback.MediaSsrc == _ssrc
                    || feedback.IsFullIntraRequest && RtcpFullIntraRequest.TryFindRequest(feedback.Fci, _ssrc, out _))
                {
                    Interlocked.Increment(ref _keyframeRequests);
                    keyframe = true;
                }
            }
            else if (RtcpReceiverReport.TryParse(packet, out var report))
            {
                for (var i = 0; i < report.BlockCount; i++)
                {
                    OnBlock(report.Block(i));
                }
            }
            else if (RtcpSenderReport.TryParse(packet, out var senderReport))
            {
                // A viewer that also sends (it does not, recvonly) reports about us in its SR.
                for (var i = 0; i < senderReport.BlockCount; i++)
                {
                    OnBlock(senderReport.Block(i));
                }
            }
        }

        return keyframe;
    }

    private void OnNack(ReadOnlySpan<byte> fci, RtpPacketSink resend)
    {
        var count = RtcpGenericNack.Expand(fci, _lost);
        Interlocked.Increment(ref _nacks);
        Interlocked.Add(ref _nackedPackets, count);
        Interlocked.Add(ref _retransmits, _history.Resend(_lost.AsSpan(0, count), resend));
    }

    private void OnBlock(RtcpReportBlock block)
    {
        if (block.Ssrc != _ssrc)
        {
            return;
        }

        var arrival = NtpTimestamp.From(_time.GetUtcNow());
        var previous = Reception;
        var roundTrip = RoundTrip(arrival, block) ?? previous.RoundTrip;
        Volatile.Write(ref _reception, new ViewerReception(
            block.LossRatio, block.CumulativeLost, block.Jitter * 1000.0 / RtpTimestamp.VideoClockRate, roundTrip));
    }

    /// <summary>
    /// The round trip of a block that echoes a sender report. On a link faster than the 15 µs the middle-32
    /// NTP format resolves, truncation can make it a unit or two below zero: that is a round trip of 0.
    /// </summary>
    internal static TimeSpan? RoundTrip(ulong arrival, RtcpReportBlock block)
    {
        if (NtpTimestamp.RoundTrip(arrival, block.LastSenderReport, block.DelaySinceLastSenderReport) is { } roundTrip)
        {
            return roundTrip;
        }

        var units = unchecked((int)(NtpTimestamp.Middle(arrival) - block.LastSenderReport - block.DelaySinceLastSenderReport));
        return block.LastSenderReport != 0 && units is < 0 and >= -TruncationSlack ? TimeSpan.Zero : null;
    }

    /// <summary>1 ms in 1/65536 s: more than truncation explains is a report that makes no sense.</summary>
    private const int TruncationSlack = 65;
}
