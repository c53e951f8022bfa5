using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Tls;
using PiCam.WebRtc.Dtls;
using PiCam.WebRtc.Media;
using PiCam.WebRtc.Ice;
using PiCam.WebRtc.Rtcp;
using PiCam.WebRtc.Rtp;
using PiCam.WebRtc.Rtp.H264;
using PiCam.WebRtc.Sdp;
using PiCam.WebRtc.Srtp;
using PiCam.WebRtc.Udp;

namespace PiCam.WebRtc.Whep;

/// <summary>
/// One WebRTC viewer: its ICE credentials, the route its checks came by, the DTLS handshake (on its own
/// thread: BouncyCastle's is blocking) and then H.264 over SRTP from the <see cref="H264Hub"/>
/// (<see cref="SessionMedia"/>). <see cref="SrtpSender"/> sends (and resends for NACKs, and reports); <see cref="ViewerFeedback"/> reads the viewer's RTCP.
/// </summary>
internal sealed class WebRtcSession : IDisposable
{
    /// <summary>The CNAME in the answer's a=ssrc line and in every sender report's SDES.</summary>
    public const string Cname = "picam";

    private readonly IceCheckResponder _ice;
    private readonly DtlsDatagramQueue _dtls;
    private readonly DtlsCertificate _certificate;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SrtpSender _sender;
    private readonly SessionMedia _media;
    private readonly ViewerFeedback _feedback;
    private readonly ILogger _logger;
    private readonly uint _timestampBase = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
    private readonly byte[] _rtcpBuffer = new byte[1500];
    private SrtpContext? _outbound;
    private SrtpContext? _inbound;
    private long _lastContactTicks;
    private int _state;
    private long _rtcpDropped;
    private bool _roundTripLogged;

    public WebRtcSession(SdpOffer offer, DtlsCertificate certificate, TimeProvider time, ILogger logger)
    {
        _logger = logger;
        Offer = offer;
        _certificate = certificate;
        _time = time;
        Id = Token(16);
        LocalUfrag = Token(8);
        LocalPassword = Token(24);
        Ssrc = (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);
        _ice = new IceCheckResponder(LocalUfrag, LocalPassword, offer.IceUfrag);
        _dtls = new DtlsDatagramQueue(SendDtls);
        _sender = new SrtpSender(Ssrc, _timestampBase, Cname, time);
        _media = new SessionMedia(new H264Packetizer(Ssrc, (byte)offer.H264PayloadType, (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue)),
            _sender, _timestampBase, time);
        _feedback = new ViewerFeedback(Ssrc, _sender.History, time);
        CreatedTicks = time.GetTimestamp();
        _lastContactTicks = CreatedTicks;
    }

    public string Id { get; }

    public string LocalUfrag { get; }

    public string LocalPassword { get; }

    public uint Ssrc { get; }

    public SdpOffer Offer { get; }

    public long CreatedTicks { get; }

    /// <summary>When the first picture was sent, or 0.</summary>
    public long FirstPictureTicks => _media.FirstPictureTicks;

    /// <summary>The viewer's address on the pair ICE adopted.</summary>
    public IPEndPoint? Remote => _sender.Route?.Peer;

    /// <summary>The pair ICE adopted: how datagrams reach the viewer.</summary>
    public DatagramRoute? Route => _sender.Route;

    public WebRtcSessionState State => (WebRtcSessionState)Volatile.Read(ref _state);

    public string? EndReason { get; private set; }

    public string? Profile => _outbound?.Profile.ToString();

    public long PacketsSent => _sender.PacketsSent;

    public long BytesSent => _sender.BytesSent;

    /// <summary>Loss, jitter and round trip from the viewer's newest receiver report.</summary>
    public ViewerReception Reception => _feedback.Reception;

    /// <summary>Cumulative packets lost, from the viewer's last receiver report.</summary>
    public int PacketsLost => _feedback.Reception.CumulativeLost;

    public int KeyframeRequests => _feedback.KeyframeRequests;

    public long Nacks => _feedback.Nacks;

    public long Retransmits => _feedback.Retransmits;

    /// <summary>Bits a second sent (media and retransmissions, SRTP included) over the last few seconds.</summary>
    public long BitrateBps => _sender.BitrateBps;

    public long LastContactTicks => Interlocked.Read(ref _lastContactTicks);

    public CancellationToken Stopping => _stop.Token;

    /// <summary>
    /// A STUN datagram addressed to our ufrag, from the viewer's <paramref name="reply"/>.Peer: answers the check
    /// along <paramref name="reply"/> and, once one authenticates, adopts that route. Returns what it did.
    /// </summary>
    public IceCheckResult OnStun(ReadOnlySpan<byte> datagram, DatagramRoute reply)
    {
        Span<byte> response = stackalloc byte[IceCheckResponder.MaxResponseLength];
        var result = _ice.Respond(datagram, reply.Peer, response, out var length, out var nominated);
        if (length > 0)
        {
            reply.Send(response[..length]);
        }

        if (result == IceCheckResult.Answered)
        {
            Interlocked.Exchange(ref _lastContactTicks, _time.GetTimestamp());
            // The first pair that checks out carries DTLS; the browser's nomination (USE-CANDIDATE) moves it.
            if (_sender.Route is not { } current || (nominated && !SameRoute(current, reply)))
            {
                _sender.Route = reply;
                IceLog.RouteAdopted(_logger, Id, reply.ToString(), nominated);
            }
        }

        return result;
    }

    /// <summary>Whether a datagram is an authenticated check for this session (it is not answered).</summary>
    public bool Authenticates(ReadOnlySpan<byte> datagram) => _ice.Authenticates(datagram);

    /// <summary>The session's run is over (media stopped, handshake given up) and it is disposed: its sockets may close.</summary>
    public Task Finished => _finished.Task;

    /// <summary>Called once the run has ended and the session is disposed.</summary>
    public void MarkFinished() => _finished.TrySetResult();

    /// <summary>The viewer still answers our consent checks (RFC 7675): as good as a check from it.</summary>
    public void ConsentRefreshed() => Interlocked.Exchange(ref _lastContactTicks, _time.GetTimestamp());

    private static bool SameRoute(DatagramRoute a, DatagramRoute b) =>
        a.Peer.Equals(b.Peer) && a.Channel == b.Channel && a.Socket == b.Socket;

    public void OnDtls(ReadOnlySpan<byte> datagram)
    {
        _dtls.Enqueue(datagram);
    }

    /// <summary>SRTCP from the viewer: receiver reports (loss, jitter, RTT), NACKs (resent from the history) and keyframe requests (PLI, FIR).</summary>
    public void OnRtcp(ReadOnlySpan<byte> datagram)
    {
        var inbound = _inbound;
        if (inbound is null || datagram.Length > _rtcpBuffer.Length)
        {
            return;
        }

        datagram.CopyTo(_rtcpBuffer);
        if (!inbound.TryUnprotectRtcp(_rtcpBuffer, datagram.Length, out var plain))
        {
            SessionRtcpLog.RtcpRefused(_logger, Id, ++_rtcpDropped);
            return;
        }

        Interlocked.Exchange(ref _lastContactTicks, _time.GetTimestamp());
        var (nackedBefore, resentBefore) = (_feedback.NackedPackets, _feedback.Retransmits);
        if (_feedback.OnCompound(_rtcpBuffer.AsSpan(0, plain), _sender.Resend))
        {
            _media.WantKeyframe();
        }

        if (_feedback.NackedPackets != nackedBefore)
        {
            SessionRtcpLog.Retransmitted(_logger, Id, _feedback.NackedPackets - nackedBefore, _feedback.Retransmits - resentBefore);
        }

        if (!_roundTripLogged && _feedback.Reception.RoundTrip is { } roundTrip)
        {
            _roundTripLogged = true;
            SessionRtcpLog.FirstRoundTrip(_logger, Id, roundTrip.TotalMilliseconds);
        }
    }

    /// <summary>The DTLS handshake, then media until the session stops. Returns why it ended.</summary>
    public async Task<string> RunAsync(H264Hub hub, TimeSpan handshakeTimeout)
    {
        var server = new DtlsSrtpServer(_certificate, Offer.Fingerprint, handshakeTimeout);
        DtlsTransport transport;
        try
        {
            transport = await Task.Factory.StartNew(() => new DtlsServerProtocol().Accept(server, _dtls),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TlsException or IOException or InvalidOperationException)
        {
            return _stop.IsCancellationRequested ? EndReason ?? "stopped" : $"the DTLS handshake failed ({ex.Message})";
        }

        try
        {
            var (outbound, inbound) = DtlsSrtpKeys.ForServer(server.Profile!.Value, server.KeyingMaterial);
            _outbound = outbound;
            _sender.Use(outbound);
            _inbound = inbound;
            Interlocked.CompareExchange(ref _state, (int)WebRtcSessionState.Connected, (int)WebRtcSessionState.Handshaking);
            using var reportsStop = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var reports = SendReportsAsync(reportsStop.Token);
            try
            {
                await _media.SendAsync(hub, _stop.Token).ConfigureAwait(false);
            }
            finally
            {
                await reportsStop.CancelAsync().ConfigureAwait(false);
                await reports.ConfigureAwait(false);
            }

            return EndReason ?? "stopped";
        }
        catch (OperationCanceledException)
        {
            return EndReason ?? "stopped";
        }
        finally
        {
            transport.Close();
        }
    }

    public void MarkHandshaking()
    {
        Interlocked.CompareExchange(ref _state, (int)WebRtcSessionState.Handshaking, (int)WebRtcSessionState.Checking);
    }

    private async Task SendReportsAsync(CancellationToken token)
    {
        if (!await _sender.SendReportsAsync(token).ConfigureAwait(false))
        {
            SessionRtcpLog.SenderReportsStopped(_logger, Id);
        }
    }

    private void SendDtls(byte[] record) => _sender.Route?.Send(record);

    /// <summary>Ends the session; the handshake or media loop returns <paramref name="reason"/>.</summary>
    public void Stop(string reason)
    {
        if (Interlocked.Exchange(ref _state, (int)WebRtcSessionState.Closed) == (int)WebRtcSessionState.Closed)
        {
            return;
        }

        EndReason = reason;
        _dtls.Close();
        _stop.Cancel();
    }

    public void Dispose()
    {
        _stop.Dispose();
        _outbound?.Dispose();
        _inbound?.Dispose();
    }

    private static string Token(int length)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return RandomNumberGenerator.GetString(alphabet, length);
    }
}
