using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using PiCam.Platform;
using PiCam.Streaming;

namespace PiCam.Http;

/// <summary>
/// One open <c>/stream.mjpg</c> connection: its figures for <c>/status</c>, its address (for a fair share of
/// the places), and how long it has been stalled: a write blocked, or frames skipped because the last one
/// has not left the socket yet.
/// </summary>
internal sealed class Viewer
{
    private readonly TimeProvider _time;
    private readonly Socket? _socket;
    private long _writeStartedAt;
    private long _skippingSince;

    public Viewer(HttpContext context, TimeProvider time)
    {
        Context = context;
        _time = time;
        ConnectedAt = time.GetTimestamp();
        Fps = new FpsMeter(time);
        var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
        Address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        _socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
    }

    public HttpContext Context { get; }

    public IPAddress Address { get; }

    public long ConnectedAt { get; }

    public FpsMeter Fps { get; }

    public long FramesSent { get; private set; }

    public long BytesSent { get; private set; }

    /// <summary>Caps the kernel's send buffer, which otherwise grows to megabytes (tens of frames) for a slow reader.</summary>
    public void LimitSendBuffer(int bytes)
    {
        try
        {
            if (_socket is not null)
            {
                _socket.SendBufferSize = bytes;
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The viewer already left.
        }
    }

    /// <summary>Bytes written to the socket that the network has not taken yet, or 0 when unknown (no socket, not Linux).</summary>
    public int UnsentBytes()
    {
        if (_socket is null || !OperatingSystem.IsLinux())
        {
            return 0;
        }

        var handle = _socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return LibC.IoctlInt(handle.DangerousGetHandle(), LibC.SiocOutQNotSent, out var unsent) == 0 ? unsent : 0;
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>A frame was passed over because the previous one is still waiting to leave.</summary>
    public void Skipped()
    {
        if (Volatile.Read(ref _skippingSince) == 0)
        {
            Volatile.Write(ref _skippingSince, _time.GetTimestamp());
        }
    }

    public void BeginWrite() => Volatile.Write(ref _writeStartedAt, _time.GetTimestamp());

    public void EndWrite(int bytes)
    {
        Volatile.Write(ref _writeStartedAt, 0);
        Volatile.Write(ref _skippingSince, 0);
        FramesSent++;
        BytesSent += bytes;
        Fps.Tick(_time.GetTimestamp());
    }

    /// <summary>How long this viewer has taken no new frame: a write blocked, or frames skipped since; zero when it keeps up.</summary>
    public TimeSpan StalledFor
    {
        get
        {
            var writing = Volatile.Read(ref _writeStartedAt);
            var skipping = Volatile.Read(ref _skippingSince);
            var since = writing == 0 ? skipping : skipping == 0 ? writing : Math.Min(writing, skipping);
            return since == 0 ? TimeSpan.Zero : _time.GetElapsedTime(since);
        }
    }
}
