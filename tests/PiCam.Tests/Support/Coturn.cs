using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using PiCam.WebRtc.Stun;
using PiCam.WebRtc.Turn;

namespace PiCam.Tests.Support;

/// <summary>
/// A real coturn (Debian's <c>turnserver</c>) as a child process on a free loopback UDP port, with
/// time-limited REST credentials (<c>use-auth-secret</c>), loopback peers allowed and its log captured.
/// Ready once it answers a STUN Binding request.
/// </summary>
public sealed class Coturn : IAsyncDisposable
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
    public static async Task<Coturn> StartAsync(params string[] extraConfig)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(extraConfig);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Another free port.
            }
        }
    }

    private static async Task<Coturn> StartOnceAsync(string[] extraConfig)
    {
        var dir = new TempDirectory();
        var port = FreeUdpPort();
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        string[] config =
        [
            "listening-ip=127.0.0.1", "relay-ip=127.0.0.1", $"listening-port={port}",
            "use-auth-secret", $"static-auth-secret={secret}", $"realm={Realm}",
            "no-tls", "no-dtls", "no-tcp-relay", "allow-loopback-peers", "no-cli",
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
        var coturn = new Coturn(dir, Process.Start(start)!, new IPEndPoint(IPAddress.Loopback, port), secret);
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
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
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

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
