using System.Security.Cryptography;
using PiCam.WebRtc.Stun;
using PiCam.WebRtc.Turn;
using PiCam.WebRtc.Udp;
using PiCam.WebRtc.Whep;

namespace PiCam.WebRtc.Ice;

/// <summary>
/// Our connectivity checks, one every <see cref="Pacing"/> (Ta, RFC 8445 §14.2): triggered ones first, then
/// waiting pairs in the order they came, until the session's DTLS is through; then consent checks on the
/// adopted route every 4-6 s (RFC 7675 §5.1), and the session ends when none was answered for <see cref="ConsentTimeout"/>.
/// </summary>
internal sealed partial class IceAgent
{
    public static readonly TimeSpan Pacing = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan ConsentInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan ConsentTimeout = TimeSpan.FromSeconds(30);
    private static readonly StunRetransmission CheckSchedule = new(TimeSpan.FromMilliseconds(250), 5, 4); // gives up after 4.75 s

    private async Task CheckAsync(CancellationToken token)
    {
        using var timer = new PeriodicTimer(Pacing, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                if (_session.State is WebRtcSessionState.Connected or WebRtcSessionState.Closed)
                {
                    return; // a route carries media: consent checks take over
                }

                if (Next() is { } pair)
                {
                    _ = CheckPairAsync(pair, token);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private IcePair? Next()
    {
        while (_triggered.Reader.TryRead(out var triggered))
        {
            if (triggered.State is IcePairState.Waiting or IcePairState.Failed && RouteFor(triggered) is not null)
            {
                return triggered;
            }
        }

        lock (_gate)
        {
            return _pairs.Find(p => p.State == IcePairState.Waiting && RouteFor(p) is not null);
        }
    }

    private DatagramRoute? RouteFor(IcePair pair) =>
        pair.Relayed ? _relay?.RouteTo(pair.Remote) : new DatagramRoute(_host, pair.Remote);

    private async Task CheckPairAsync(IcePair pair, CancellationToken token)
    {
        pair.State = IcePairState.InProgress;
        var succeeded = RouteFor(pair) is { } route && await CheckRouteAsync(route, CheckSchedule, token).ConfigureAwait(false);
        pair.State = succeeded ? IcePairState.Succeeded : IcePairState.Failed;
        if (succeeded)
        {
            lock (_dispatch)
            {
                _verified.Add(pair.Remote); // it answered under its password: its DTLS and SRTCP are its own
            }
        }

        IceLog.Checked(_logger, _session.Id, pair.ToString(), succeeded ? "succeeded" : "got no valid answer");
    }

    /// <summary>Sends a check along <paramref name="route"/>; true when a success came that our remote password signs.</summary>
    private async Task<bool> CheckRouteAsync(DatagramRoute route, StunRetransmission schedule, CancellationToken token)
    {
        var transactionId = RandomNumberGenerator.GetBytes(StunConstants.TransactionIdLength);
        var request = new byte[IceCheckRequest.MaxLength];
        var priority = IcePriority.Of(IceCandidateType.PeerReflexive, route.Relayed ? (ushort)0 : ushort.MaxValue);
        var length = IceCheckRequest.Write(request, transactionId, _session.Offer.IceUfrag, _session.LocalUfrag, _remoteKey, priority, _tieBreaker);
        byte[]? raw;
        try
        {
            raw = await _transactions.RunAsync(transactionId, request.AsMemory(0, length), (m, _) =>
            {
                route.Send(m.Span);
                return ValueTask.CompletedTask;
            }, token, schedule).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return raw is not null && StunMessage.TryParse(raw, out var response) && response.Class == StunClass.SuccessResponse
            && response.HasMessageIntegrity && response.VerifyMessageIntegrity(_remoteKey)
            && (!response.HasFingerprint || response.VerifyFingerprint());
    }

    private async Task KeepConsentAsync(CancellationToken token)
    {
        var consented = _time.GetTimestamp();
        var schedule = new StunRetransmission(TimeSpan.FromMilliseconds(500), 3, 4); // 4 s: done before the next one
        try
        {
            while (true)
            {
                var wait = ConsentInterval * (0.8 + (0.4 * Random.Shared.NextDouble()));
                await Task.Delay(wait, _time, token).ConfigureAwait(false);
                if (_session.Route is not { } route)
                {
                    consented = _time.GetTimestamp(); // no route yet: the handshake's own timeout guards this part
                    continue;
                }

                if (await CheckRouteAsync(route, schedule, token).ConfigureAwait(false))
                {
                    consented = _time.GetTimestamp();
                    _session.ConsentRefreshed();
                }
                else if (_time.GetElapsedTime(consented) >= ConsentTimeout)
                {
                    IceLog.ConsentLost(_logger, _session.Id, _time.GetElapsedTime(consented).TotalSeconds);
                    _end($"the viewer answered no consent check for {ConsentTimeout.TotalSeconds:0} s");
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
