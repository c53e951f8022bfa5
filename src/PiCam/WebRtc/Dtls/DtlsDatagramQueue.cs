using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;

namespace PiCam.WebRtc.Dtls;

/// <summary>
/// The datagram transport BouncyCastle's blocking DTLS protocol runs over: the shared UDP socket's
/// receive loop enqueues this peer's DTLS records (RFC 7983: first byte 20..63), and what DTLS sends goes
/// to <c>send</c>. At most <see cref="MaxQueued"/> records wait; more are dropped, as UDP would.
/// </summary>
internal sealed class DtlsDatagramQueue : DatagramTransport
{
    public const int MaxQueued = 64;
    private readonly BlockingCollection<byte[]> _received = new(MaxQueued);
    private readonly Action<byte[]> _send;
    private readonly int _mtu;

    public DtlsDatagramQueue(Action<byte[]> send, int mtu = 1200)
    {
        _send = send;
        _mtu = mtu;
    }

    public static bool LooksLikeDtls(ReadOnlySpan<byte> datagram) => datagram.Length >= 13 && datagram[0] is >= 20 and <= 63;

    /// <summary>Hands one received record to the handshake; false when full or closed.</summary>
    public bool Enqueue(ReadOnlySpan<byte> datagram)
    {
        try
        {
            return !_received.IsAddingCompleted && _received.TryAdd(datagram.ToArray());
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public int GetReceiveLimit() => 1500;

    public int GetSendLimit() => _mtu;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <summary>
    /// A record, or -1 when none arrives within <paramref name="waitMillis"/>. A closed queue (the session has
    /// ended) throws, so a handshake in progress gives up at once instead of retransmitting to its own timeout.
    /// </summary>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        try
        {
            if (!_received.TryTake(out var datagram, waitMillis))
            {
                return _received.IsCompleted ? throw Closed() : -1;
            }

            var length = Math.Min(datagram.Length, buffer.Length);
            datagram.AsSpan(0, length).CopyTo(buffer);
            return length;
        }
        catch (InvalidOperationException)
        {
            throw Closed();
        }
    }

    private static IOException Closed() => new("The WebRTC session has ended.");

    public void Send(byte[] buf, int off, int len) => _send(buf.AsSpan(off, len).ToArray());

    public void Send(ReadOnlySpan<byte> buffer) => _send(buffer.ToArray());

    public void Close() => _received.CompleteAdding();
}
