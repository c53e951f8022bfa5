using System.Net.Sockets;

namespace PiCam.Bench;

/// <summary>One floor-server viewer: sends the newest frame, skipping frames while a send is in flight.</summary>
internal sealed class FloorClient(Socket socket, Action<FloorClient> onClosed)
{
    private int busy;

    public void Offer(ReadOnlyMemory<byte> part)
    {
        if (Interlocked.Exchange(ref busy, 1) == 0)
        {
            _ = SendAsync(part);
        }
    }

    private async Task SendAsync(ReadOnlyMemory<byte> part)
    {
        try
        {
            await socket.SendAsync(part, SocketFlags.None);
            Volatile.Write(ref busy, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            socket.Dispose();
            onClosed(this);
        }
    }
}
