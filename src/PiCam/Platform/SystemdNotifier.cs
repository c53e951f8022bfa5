using System.Net.Sockets;
using System.Text;

namespace PiCam.Platform;

/// <summary>
/// Sends sd_notify messages (<c>READY=1</c>, <c>WATCHDOG=1</c>, <c>STATUS=…</c>) to <c>$NOTIFY_SOCKET</c>.
/// Does nothing when not started by systemd. The socket path is a constructor argument so tests can listen.
/// </summary>
internal sealed class SystemdNotifier : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endPoint;

    public SystemdNotifier(string? socketPath)
    {
        if (string.IsNullOrEmpty(socketPath))
        {
            return;
        }

        // A leading '@' names a socket in the abstract namespace.
        _endPoint = new UnixDomainSocketEndPoint(socketPath[0] == '@' ? "\0" + socketPath[1..] : socketPath);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    public bool IsEnabled => _socket is not null;

    public void Notify(string state)
    {
        if (_socket is null || _endPoint is null)
        {
            return;
        }

        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(state), _endPoint);
        }
        catch (SocketException)
        {
            // systemd went away (shutdown); nothing useful to do.
        }
    }

    public void Dispose() => _socket?.Dispose();
}
