using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using PiCam.WebRtc.Stun;
using PiCam.WebRtc.Turn;

namespace PiCam.Tests.Support;

/// <summary>
/// A real coturn (Debian's <c>turnserver</c>) as a child process on a free UDP port (loopback unless told), with
/// time-limited REST credentials (<c>use-auth-secret</c>), loopback peers allowed on loopback, and its log captured.
/// Ready once it answers a STUN Binding request.
/// </summary>
public sealed partial class Coturn : IAsyncDisposable
{
    public const string Realm = "picam.test";

    private readonly TempDirectory _dir;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();

    private Coturn(TempDirectory dir, Process process, IPEndPoint endPoint, string secret)
    {
        _dir = dir;
        _process = process;
        EndPoint = endPoint;
        Secret = secret;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _log.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _log.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public IPEndPoint EndPoint { get; }

    public string Secret { get; }

    public string Log => string.Join('\n', _log);

    /// <summary>
    /// Starts coturn; <paramref name="extraConfig"/> lines are appended to its configuration. A port another
    /// test took between choosing and binding it is tried again with another.
    /// </summary>
    public static Task<Coturn> StartAsync(params string[] extraConfig) => StartAsync(IPAddress.Loopback, extraConfig);

    /// <summary>
    /// Starts coturn listening and relaying on <paramref name="address"/> (loopback peers allowed only when it is
    /// loopback); <paramref name="extraConfig"/> lines, such as <c>denied-peer-ip=A-B</c>, are appended.
    /// </summary>
    public static async Task<Coturn> StartAsync(IPAddress address, params string[] extraConfig)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(address, extraConfig);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Another free port.
            }
        }
    }

    private static async Task<Coturn> StartOnceAsync(IPAddress address, string[] extraConfig)
    {
        var dir = new TempDirectory();
        var port = FreeUdpPort(address);
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        string[] config =
        [
            $"listening-ip={address}", $"relay-ip={address}", $"listening-port={port}",
            "use-auth-secret", $"static-auth-secret={secret}", $"realm={Realm}",
            "no-tls", "no-dtls", "no-tcp-relay", "no-cli",
            .. IPAddress.IsLoopback(address) ? ["allow-loopback-peers"] : Array.Empty<string>(),
            "log-file=stdout", "simple-log", "verbose", $"pidfile={dir.File("turnserver.pid")}", $"userdb={dir.File("turndb")}",
            .. extraConfig,
        ];
        var configFile = dir.Write("turnserver.conf", string.Join('\n', config) + "\n");
        var start = new ProcessStartInfo("turnserver", ["-c", configFile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var coturn = new Coturn(dir, Process.Start(start)!, new IPEndPoint(address, port), secret);
        if (!await coturn.AnswersBindingAsync(TimeSpan.FromSeconds(20)))
        {
            var log = coturn.Log;
            await coturn.DisposeAsync();
            throw new InvalidOperationException($"coturn did not answer on port {port}:\n{log}");
        }

        return coturn;
    }

    /// <summary>REST credentials valid for <paramref name="validFor"/> (an hour by default).</summary>
    public (string Username, string Password) Credentials(string name = "picam-test", TimeSpan? validFor = null) =>
        TurnRestCredentials.Create(Secret, name, DateTimeOffset.UtcNow + (validFor ?? TimeSpan.FromHours(1)));

    /// <summary>Its STUN URL, as in <c>ice_servers</c>.</summary>
    public string StunUrl => $"stun:{EndPoint}";

    /// <summary>Its TURN URL over UDP, as in <c>ice_servers</c>.</summary>
    public string TurnUrl => $"turn:{EndPoint}?transport=udp";

    /// <summary>Waits until a log line contains <paramref name="text"/>; false if none did in time.</summary>
    public async Task<bool> WaitForLogAsync(string text, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!_log.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    /// <summary>
    /// The most bytes one of coturn's <c>peer usage</c> lines (with <c>verbose</c>, logged when an allocation ends)
    /// reports for the allocations of REST name <paramref name="name"/>: what their relayed
    /// addresses sent to and received from peers. 0 before any line.
    /// </summary>
    public long PeerBytes(string name) => _log
        .Select(line => PeerUsageLine().Match(line))
        .Where(match => match.Success && match.Groups["name"].Value == name)
        .Select(match => long.Parse(match.Groups["rb"].Value, CultureInfo.InvariantCulture) + long.Parse(match.Groups["sb"].Value, CultureInfo.InvariantCulture))
        .DefaultIfEmpty(0)
        .Max();

    /// <summary>Waits until <see cref="PeerBytes"/> of <paramref name="name"/> reaches <paramref name="atLeast"/>.</summary>
    public async Task<bool> WaitForPeerBytesAsync(string name, long atLeast, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (PeerBytes(name) < atLeast)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    /// <summary>coturn's line (with <c>verbose</c>) when it frees the allocation of the client at <paramref name="client"/>.</summary>
    public static string ClosedSessionLogText(IPEndPoint client) => $"remote {client}, reason:";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        _dir.Dispose();
    }

    private async Task<bool> AnswersBindingAsync(TimeSpan within)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Any, 0));
        var request = new byte[StunConstants.HeaderLength];
        _ = new StunMessageWriter(request, StunConstants.BindingMethod, StunClass.Request, RandomNumberGenerator.GetBytes(12));
        var answer = new byte[1500];
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            await probe.SendToAsync(request, EndPoint);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(250));
            try
            {
                await probe.ReceiveFromAsync(answer, new IPEndPoint(IPAddress.Any, 0), wait.Token);
                return true;
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                // Not up yet.
            }
        }

        return false;
    }

    [GeneratedRegex(@"peer usage: realm=<[^>]*>, username=<\d+:(?<name>[^>]*)>, rp=\d+, rb=(?<rb>\d+), sp=\d+, sb=(?<sb>\d+)")]
    private static partial Regex PeerUsageLine();

    private static int FreeUdpPort(IPAddress address)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
