using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PiCam.Config;
using PiCam.WebRtc.Dtls;
using PiCam.WebRtc.Media;
using PiCam.WebRtc.Sdp;
using PiCam.WebRtc.Stun;
using PiCam.WebRtc.Udp;

namespace PiCam.WebRtc.Whep;

/// <summary>
/// The shared WebRTC UDP port (WEBRTC_PORT): one socket for every session. STUN is routed by the ufrag in
/// its USERNAME, everything else by the address ICE adopted. Sessions end on DELETE, a failed handshake,
/// or <see cref="ConsentTimeout"/> without a consent check or RTCP from the browser (RFC 7675).
/// </summary>
internal sealed class WebRtcService : BackgroundService
{
    public static readonly TimeSpan ConsentTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);
    private readonly PicamSettings _settings;
    private readonly H264Hub _hub;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DtlsCertificate _certificate;
    private Socket? _socket;
    private IPAddress _bound = IPAddress.Any;

    /// <summary>What makes the H.264 sessions get (<see cref="H264Hub.Encoder"/>).</summary>
    public string? Encoder => _hub.Encoder;

    /// <summary>A camera feeds the hub its own H.264 now.</summary>
    public bool NativeActive => _hub.NativeActive;

    public WebRtcService(PicamSettings settings, H264Hub hub, TimeProvider time, ILogger<WebRtcService> logger)
    {
        _settings = settings;
        _hub = hub;
        _time = time;
        _logger = logger;
        _certificate = DtlsCertificate.Generate(time);
        Sessions = new WebRtcSessions(settings.WebRtcMaxSessions);
    }

    public WebRtcSessions Sessions { get; }

    /// <summary>Null when WebRTC is off (WEBRTC_PORT=0) or its port could not be opened.</summary>
    public string? OffReason { get; private set; } = "WebRTC is off: set WEBRTC_PORT to a UDP port to turn it on.";

    public int Port { get; private set; }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (_settings.WebRtcPort == 0)
        {
            return Task.CompletedTask;
        }

        _bound = HostCandidates.BindAddress(_settings.Bind);
        var socket = new Socket(_bound.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(_bound, _settings.WebRtcPort));
            socket.ReceiveBufferSize = 1 << 20;
            socket.SendBufferSize = 1 << 20;
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            OffReason = $"WebRTC is off: UDP port {_settings.WebRtcPort} cannot be opened ({ex.Message}); set WEBRTC_PORT to a free port.";
            WebRtcLog.PortUnavailable(_logger, _settings.WebRtcPort, ex.Message);
            return Task.CompletedTask;
        }

        _socket = socket;
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        OffReason = null;
        WebRtcLog.Listening(_logger, Port, string.Join(", ", HostCandidates.Find(_bound, Port, _settings.WebRtcAddresses,
            reason => WebRtcLog.InterfacesUnlisted(_logger, reason))));
        return base.StartAsync(cancellationToken);
    }

    /// <summary>The address WebRTC sockets bind to (BIND).</summary>
    public IPAddress BindAddress => _bound;

    /// <summary>
    /// Starts an ICE-lite session on the shared port for a checked offer and returns it with its SDP answer,
    /// or null when all sessions are taken.
    /// </summary>
    public (WebRtcSession Session, string Answer)? TryStart(SdpOffer offer, CancellationToken stopping)
    {
        _ = _socket ?? throw new InvalidOperationException(OffReason);
        return TryStart(offer, HostCandidates.Find(_bound, Port, _settings.WebRtcAddresses), iceLite: true, stopping);
    }

    /// <summary>
    /// Starts a session whose datagrams its caller carries (a full ICE agent with its own sockets, feeding
    /// <see cref="WebRtcSession.OnStun"/>, OnDtls and OnRtcp): the answer offers <paramref name="candidates"/>
    /// and, unless <paramref name="iceLite"/>, leaves the door open for trickled ones.
    /// </summary>
    public (WebRtcSession Session, string Answer)? TryStart(SdpOffer offer, IReadOnlyList<IPEndPoint> candidates, bool iceLite, CancellationToken stopping)
    {
        var session = new WebRtcSession(offer, _certificate, _time, _logger);
        if (!Sessions.TryAdd(session))
        {
            session.Dispose();
            WebRtcLog.SessionRefused(_logger, Sessions.Max);
            return null;
        }

        var answer = SdpAnswerWriter.Write(offer, new SdpAnswerOptions(session.LocalUfrag, session.LocalPassword, _certificate.Fingerprint,
            candidates, session.Ssrc, WebRtcSession.Cname, (ulong)System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue), iceLite));
        WebRtcLog.SessionOffered(_logger, session.Id, Sessions.Count);
        _ = RunSessionAsync(session, stopping);
        return (session, answer);
    }

    /// <summary>Ends a session now: it leaves the list at once, though its handshake thread may take a moment to notice.</summary>
    public void End(WebRtcSession session, string reason)
    {
        session.Stop(reason);
        Sessions.Remove(session);
    }

    private async Task RunSessionAsync(WebRtcSession session, CancellationToken stopping)
    {
        using var demand = _hub.AddDemand();
        using var registration = stopping.Register(() => session.Stop("the server is stopping"));
        var reason = "stopped";
        try
        {
            reason = await session.RunAsync(_hub, HandshakeTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
        {
            reason = ex.Message;
        }
        finally
        {
            session.Stop(reason);
            Sessions.Remove(session);
            session.Dispose();
            session.MarkFinished();
            WebRtcLog.SessionEnded(_logger, session.Id, reason, Sessions.Count);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var socket = _socket!;
        var expiry = ExpireAsync(stoppingToken);
        var buffer = new byte[2048];
        var any = new IPEndPoint(_bound.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stoppingToken).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    continue; // an ICMP error from an earlier send: not ours to act on
                }

                var from = (IPEndPoint)received.RemoteEndPoint;
                try
                {
                    Route(buffer.AsSpan(0, received.ReceivedBytes), from);
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException or ArgumentException or InvalidOperationException)
                {
                    WebRtcLog.DatagramDropped(_logger, from, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var session in Sessions.Snapshot())
            {
                session.Stop("the server is stopping");
            }

            socket.Dispose();
            await expiry.ConfigureAwait(false);
        }
    }

    private void Route(ReadOnlySpan<byte> datagram, IPEndPoint from)
    {
        switch (DatagramDemux.Classify(datagram))
        {
            case DatagramKind.Stun:
                if (StunMessage.TryParse(datagram, out var message) && message.TryGetUsername(out var username)
                    && username.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon
                    && Sessions.ByUfrag(username[..colon]) is { } target)
                {
                    target.OnStun(datagram, new DatagramRoute(_socket!, from));
                }

                break;
            case DatagramKind.Dtls:
                if (Sessions.ByRemote(from) is { } handshaking)
                {
                    handshaking.MarkHandshaking();
                    handshaking.OnDtls(datagram);
                }

                break;
            case DatagramKind.Rtcp:
                Sessions.ByRemote(from)?.OnRtcp(datagram);
                break;
            default:
                break; // RTP from a recvonly viewer, or noise: nothing to do
        }
    }

    private async Task ExpireAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _time, stoppingToken).ConfigureAwait(false);
                foreach (var session in Sessions.Snapshot())
                {
                    if (_time.GetElapsedTime(session.LastContactTicks) > ConsentTimeout)
                    {
                        End(session, $"no consent check or RTCP from the browser for {ConsentTimeout.TotalSeconds:0} s");
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
