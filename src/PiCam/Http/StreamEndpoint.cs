using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PiCam.Streaming;

namespace PiCam.Http;

/// <summary>
/// <c>/stream.mjpg</c>: <c>multipart/x-mixed-replace</c> with the seed's exact part format. Each viewer waits
/// for a frame newer than the last one it sent and writes it whole, unless the socket still holds more than
/// a frame: then it skips to a newer one. A slow viewer sees fresh frames at a lower rate; a stuck one is
/// dropped by <see cref="ViewerRegistry"/>. <c>?timestamps=1</c> adds ustreamer's <c>X-Timestamp</c> part header.
/// </summary>
internal sealed class StreamEndpoint
{
    /// <summary>
    /// SO_SNDBUF for a stream (the kernel doubles it for its bookkeeping): without it the buffer grows to
    /// megabytes for a slow reader. Frames are also skipped while more than one waits in it, so what a viewer
    /// gets is at most about two frames old on arrival, whatever its speed.
    /// </summary>
    public const int SendBufferBytes = 256 * 1024;

    private readonly FrameHub _hub;
    private readonly ViewerRegistry _viewers;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public StreamEndpoint(FrameHub hub, ViewerRegistry viewers, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<StreamEndpoint> logger)
    {
        _hub = hub;
        _viewers = viewers;
        _lifetime = lifetime;
        _time = time;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        var viewer = new Viewer(context, _time);
        if (!_viewers.TryAdd(viewer))
        {
            Log.ViewerRefused(_logger, _viewers.MaxClients);
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.Headers.RetryAfter = "10";
            await response.WriteAsync($"Too many viewers: at most {_viewers.MaxClients} (MAX_CLIENTS) may watch at once.\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _lifetime.ApplicationStopping);
        var token = stop.Token;
        try
        {
            response.ContentType = $"multipart/x-mixed-replace; boundary={Frame.Boundary}";
            NoCache.Apply(response);
            response.Headers["X-Accel-Buffering"] = "no";
            if (HttpMethods.IsHead(context.Request.Method))
            {
                return;
            }

            viewer.LimitSendBuffer(SendBufferBytes);
            using var demand = _hub.AddDemand();
            var timestamps = context.Request.Query["timestamps"] == "1";
            await response.StartAsync(token).ConfigureAwait(false);
            Log.ViewerJoined(_logger, _viewers.Count);
            long sent = 0;
            while (true)
            {
                var frame = await _hub.WaitForNewerAsync(sent, token).ConfigureAwait(false);
                var length = frame.PartLength(timestamps);
                sent = frame.Sequence;
                if (viewer.UnsentBytes() >= length)
                {
                    // More than a frame still waits to leave: this one would only arrive stale. Wait for a newer one.
                    viewer.Skipped();
                    continue;
                }

                viewer.BeginWrite();
                frame.WritePart(response.BodyWriter, timestamps);
                var result = await response.BodyWriter.FlushAsync(token).ConfigureAwait(false);
                viewer.EndWrite(length);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The viewer left or the server is stopping: the normal end of a stream.
        }
        catch (IOException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        finally
        {
            _viewers.Remove(viewer);
            Log.ViewerLeft(_logger, viewer.FramesSent, _viewers.Count);
        }
    }
}
