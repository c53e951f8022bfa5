using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PiCam.Tests.Support;

/// <summary>
/// A backend that is down in the way that can be watched: it accepts each TCP connection and closes it at once,
/// recording when each attempt came, so a test can measure the agent's retry intervals.
/// </summary>
public sealed class RefusingBackend : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<TimeSpan> _attempts = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public RefusingBackend(int port)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _loop = AcceptAsync();
    }

    public IReadOnlyList<TimeSpan> Attempts
    {
        get
        {
            lock (_attempts)
            {
                return [.. _attempts];
            }
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_attempts)
                {
                    _attempts.Add(_clock.Elapsed);
                }

                client.Client.LingerState = new LingerOption(true, 0); // a reset, as from a crashed server
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
