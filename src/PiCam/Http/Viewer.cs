using Microsoft.AspNetCore.Http;
using PiCam.Streaming;

namespace PiCam.Http;

/// <summary>One open <c>/stream.mjpg</c> connection: its figures for <c>/status</c> and when its current write began.</summary>
internal sealed class Viewer
{
    private readonly TimeProvider _time;
    private long _writeStartedAt;

    public Viewer(HttpContext context, TimeProvider time)
    {
        Context = context;
        _time = time;
        ConnectedAt = time.GetTimestamp();
        Fps = new FpsMeter(time);
    }

    public HttpContext Context { get; }

    public long ConnectedAt { get; }

    public FpsMeter Fps { get; }

    public long FramesSent { get; private set; }

    public long BytesSent { get; private set; }

    public void BeginWrite() => Volatile.Write(ref _writeStartedAt, _time.GetTimestamp());

    public void EndWrite(int bytes)
    {
        Volatile.Write(ref _writeStartedAt, 0);
        FramesSent++;
        BytesSent += bytes;
        Fps.Tick(_time.GetTimestamp());
    }

    /// <summary>How long the write in progress has been blocked, or zero.</summary>
    public TimeSpan CurrentWriteDuration
    {
        get
        {
            var started = Volatile.Read(ref _writeStartedAt);
            return started == 0 ? TimeSpan.Zero : _time.GetElapsedTime(started);
        }
    }
}
