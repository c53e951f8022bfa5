using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PiCam.Tests.Support;

/// <summary>A raw TCP client for requests HttpClient will not send: garbage, slow, or never read.</summary>
public sealed class RawClient : IDisposable
{
    private RawClient(Socket socket) => Socket = socket;

    public Socket Socket { get; }

    /// <param name="from">A local address to connect from (any of 127.0.0.0/8 works on Linux), so one test can be many clients.</param>
    public static async Task<RawClient> ConnectAsync(int port, int? receiveBufferBytes = null, IPAddress? from = null, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (receiveBufferBytes is { } size)
            {
                socket.ReceiveBufferSize = size; // before connect, so the window starts small
            }

            if (from is not null)
            {
                socket.Bind(new IPEndPoint(from, 0));
            }

            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return new RawClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public Task<int> SendAsync(string text) => Socket.SendAsync(Encoding.ASCII.GetBytes(text));

    /// <summary>Reads until the peer closes or <paramref name="timeout"/> passes; returns what arrived and whether it closed.</summary>
    public async Task<(string Text, bool Closed)> ReadAllAsync(TimeSpan timeout)
    {
        var received = new MemoryStream();
        var buffer = new byte[8192];
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var n = await Socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0)
                {
                    return (Encoding.ASCII.GetString(received.ToArray()), true);
                }

                received.Write(buffer, 0, n);
            }
        }
        catch (OperationCanceledException)
        {
            return (Encoding.ASCII.GetString(received.ToArray()), false);
        }
        catch (SocketException)
        {
            return (Encoding.ASCII.GetString(received.ToArray()), true);
        }
    }

    public void Dispose() => Socket.Dispose();
}
