using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PiCam.WebRtc.Udp;

/// <summary>
/// Datagrams to one address collected into one buffer and sent together: with <c>sendmmsg</c> (one system call for a
/// picture's packets instead of one each) where Linux has it, else, or when the socket's buffer is full, one
/// <c>SendTo</c> each as before (which waits for room rather than dropping). Not thread-safe: one owner.
/// </summary>
internal sealed unsafe class DatagramBatch
{
    public const int MaxDatagrams = 32; // a 38 kB picture in one call; a larger one takes several
    private readonly byte[] _buffer;
    private readonly int[] _starts = new int[MaxDatagrams + 1];
    private readonly int _maxDatagram;
    private int _count;

    public DatagramBatch(int maxDatagram)
    {
        _maxDatagram = maxDatagram;
        _buffer = GC.AllocateArray<byte>(MaxDatagrams * maxDatagram, pinned: true);
    }

    public int Count => _count;

    /// <summary>True if one more datagram fits (else <see cref="Flush"/> first).</summary>
    public bool HasRoom => _count < MaxDatagrams;

    /// <summary>Copies a datagram into the batch, behind the ChannelData header of <paramref name="channel"/> unless it is 0.</summary>
    public void Add(ReadOnlySpan<byte> datagram, ushort channel = 0)
    {
        var header = channel == 0 ? 0 : DatagramRoute.ChannelHeaderLength;
        if (!HasRoom || datagram.Length + header > _maxDatagram)
        {
            throw new InvalidOperationException("The datagram batch is full or the datagram too large.");
        }

        var start = _starts[_count];
        var written = header == 0 ? Copy(datagram, _buffer.AsSpan(start)) : Turn.ChannelData.Write(channel, datagram, _buffer.AsSpan(start));
        _starts[++_count] = start + written;
    }

    private static int Copy(ReadOnlySpan<byte> datagram, Span<byte> destination)
    {
        datagram.CopyTo(destination);
        return datagram.Length;
    }

    /// <summary>Empties the batch without sending it.</summary>
    public void Clear() => _count = 0;

    /// <summary>Sends the batch along <paramref name="route"/> and empties it; the bytes handed to the socket.</summary>
    public long Flush(DatagramRoute route) => Flush(route.Socket, route.To);

    /// <summary>Sends the batch to <paramref name="remote"/> and empties it; the bytes handed to the socket.</summary>
    public long Flush(Socket socket, SocketAddress remote)
    {
        var sent = 0;
        long bytes = 0;
        try
        {
            if (LibcSendMmsg.Supported && _count > 1)
            {
                sent = SendMany(socket, remote, ref bytes);
            }

            for (; sent < _count; sent++)
            {
                bytes += socket.SendTo(_buffer.AsSpan(_starts[sent], _starts[sent + 1] - _starts[sent]), SocketFlags.None, remote);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // UDP: a full buffer or an unreachable viewer loses the packets, as the network would; a closed socket, the session's end.
        }
        finally
        {
            _count = 0;
        }

        return bytes;
    }

    private int SendMany(Socket socket, SocketAddress remote, ref long bytes)
    {
        var vectors = stackalloc LibcSendMmsg.IoVector[_count];
        var messages = stackalloc LibcSendMmsg.MessageHeader[_count];
        var name = remote.Buffer.Span;
        fixed (byte* address = name)
        fixed (byte* buffer = _buffer)
        {
            for (var i = 0; i < _count; i++)
            {
                vectors[i] = new LibcSendMmsg.IoVector { Base = buffer + _starts[i], Length = (nuint)(_starts[i + 1] - _starts[i]) };
                messages[i] = new LibcSendMmsg.MessageHeader { Name = address, NameLength = (uint)remote.Size, Vectors = vectors + i, VectorCount = 1 };
            }

            var sent = 0;
            var handle = socket.SafeHandle;
            var held = false;
            handle.DangerousAddRef(ref held); // the descriptor stays ours while the kernel reads it, even if the socket is closed meanwhile
            try
            {
                while (sent < _count)
                {
                    var n = LibcSendMmsg.Send(handle.DangerousGetHandle(), messages + sent, (uint)(_count - sent), LibcSendMmsg.MessageDontWait);
                    if (n <= 0)
                    {
                        // EAGAIN (the socket's buffer is full) or anything else: the rest go one by one, as SendTo handles them.
                        _ = Marshal.GetLastPInvokeError();
                        break;
                    }

                    for (var i = sent; i < sent + n; i++)
                    {
                        bytes += messages[i].Sent;
                    }

                    sent += n;
                }
            }
            finally
            {
                if (held)
                {
                    handle.DangerousRelease();
                }
            }

            return sent;
        }
    }
}
