using Microsoft.Extensions.Logging;
using PiCam.WebRtc.Rtp;
using PiCam.WebRtc.Rtp.H264;
using PiCam.WebRtc.Srtp;
using PiCam.WebRtc.Udp;

namespace PiCam.WebRtc.Whep;

/// <summary>
/// The sending half of a session once DTLS has given it keys: protects each RTP packet, keeps it in the
/// <see cref="RetransmitHistory"/> and sends it; sends history packets again as they are (<see cref="Resend"/>);
/// and every <see cref="ReportInterval"/> an SRTCP sender report with the CNAME. The media loop and the report
/// loop share the outbound SRTP context under a lock. Counts what it sent and the bitrate.
/// </summary>
internal sealed class SrtpSender
{
    public static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);
    private readonly uint _ssrc;
    private readonly uint _timestampBase;
    private readonly string _cname;
    private readonly TimeProvider _time;
    private readonly BitrateMeter _bitrate;
    private readonly Lock _srtpGate = new();
    private readonly DatagramBatch _batch = new(H264Packetizer.DefaultMtu + H264Packetizer.SpareBytes + DatagramRoute.ChannelHeaderLength);
    private SrtpContext? _outbound;
    private DatagramRoute? _route;
    private DatagramRoute? _batchRoute;
    private long _packetsSent;
    private long _bytesSent;
    private long _payloadOctets;

    public SrtpSender(uint ssrc, uint timestampBase, string cname, TimeProvider time)
    {
        _ssrc = ssrc;
        _timestampBase = timestampBase;
        _cname = cname;
        _time = time;
        _bitrate = new BitrateMeter(time);
        History = new RetransmitHistory(time, H264Packetizer.DefaultMtu + H264Packetizer.SpareBytes);
        Send = SendRtp;
        Resend = SendAgain;
    }

    public RetransmitHistory History { get; }

    /// <summary>Protects a packet from the packetizer and queues it for <see cref="Flush"/> (the media loop only).</summary>
    public RtpPacketSink Send { get; }

    /// <summary>Sends a history packet, protected already, as it is.</summary>
    public RtpPacketSink Resend { get; }

    /// <summary>Where packets go: the pair ICE adopted (it may move when the browser nominates another pair).</summary>
    public DatagramRoute? Route
    {
        get => Volatile.Read(ref _route);
        set => Volatile.Write(ref _route, value);
    }

    /// <summary>RTP packets sent, retransmissions not included.</summary>
    public long PacketsSent => Interlocked.Read(ref _packetsSent);

    /// <summary>Bytes on the wire: SRTP and SRTCP, retransmissions included.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long BitrateBps => _bitrate.BitsPerSecond(BytesSent);

    public void Use(SrtpContext outbound) => Volatile.Write(ref _outbound, outbound);

    /// <summary>The sender reports, until <paramref name="token"/> ends them; false if SRTCP ran out of indexes.</summary>
    public async Task<bool> SendReportsAsync(CancellationToken token)
    {
        var buffer = new byte[SenderReportPacket.MaxLength + 32];
        _bitrate.Sample(BytesSent);
        using var timer = new PeriodicTimer(ReportInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                _bitrate.Sample(BytesSent);
                if (Volatile.Read(ref _outbound) is not { } srtp || Route is not { } route)
                {
                    continue;
                }

                var length = SenderReportPacket.Write(buffer, _ssrc, _time.GetUtcNow(), _time.GetElapsedTime(0, _time.GetTimestamp()), _timestampBase,
                    PacketsSent, Interlocked.Read(ref _payloadOctets), _cname);
                int protectedLength;
                lock (_srtpGate)
                {
                    if (!srtp.TryProtectRtcp(buffer, length, out protectedLength))
                    {
                        return false;
                    }
                }

                Interlocked.Add(ref _bytesSent, route.Send(buffer.AsSpan(0, protectedLength)));
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }

        return true;
    }

    private void SendRtp(Span<byte> buffer, int length)
    {
        if (Volatile.Read(ref _outbound) is not { } srtp || Route is not { } route || !RtpHeader.TryGetLength(buffer[..length], out var headerLength))
        {
            return;
        }

        int protectedLength;
        lock (_srtpGate)
        {
            if (!srtp.TryProtectRtp(buffer, length, out protectedLength))
            {
                return;
            }
        }

        var packet = buffer[..protectedLength];
        History.Add(RtpHeader.SequenceNumber(packet), packet);
        Interlocked.Increment(ref _packetsSent);
        Interlocked.Add(ref _payloadOctets, length - headerLength);
        if (!_batch.HasRoom || (_batch.Count > 0 && _batchRoute != route))
        {
            Flush();
        }

        _batchRoute = route; // a batch goes where its first packet was headed: its framing is that route's
        _batch.Add(packet, route.Channel);
    }

    /// <summary>Sends the packets <see cref="Send"/> queued: a picture's packets in one system call (the media loop only).</summary>
    public void Flush()
    {
        if (_batch.Count == 0)
        {
            return;
        }

        if (_batchRoute is not { } route)
        {
            _batch.Clear();
            return;
        }

        Interlocked.Add(ref _bytesSent, _batch.Flush(route));
    }

    private void SendAgain(Span<byte> buffer, int length)
    {
        if (Route is { } route)
        {
            Interlocked.Add(ref _bytesSent, route.Send(buffer[..length]));
        }
    }
}
