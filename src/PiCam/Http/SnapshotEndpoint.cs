using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using PiCam.Streaming;

namespace PiCam.Http;

/// <summary>
/// <c>/current.jpg</c>: a frame captured after the request arrived (never a stale one, never the "no camera"
/// placeholder), waited for up to <see cref="Timeout"/>, else 503 with <c>Retry-After</c>. Waiting counts as
/// demand, so it starts the camera.
/// </summary>
internal sealed class SnapshotEndpoint
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly FrameHub _hub;
    private readonly IHostApplicationLifetime _lifetime;

    public SnapshotEndpoint(FrameHub hub, IHostApplicationLifetime lifetime)
    {
        _hub = hub;
        _lifetime = lifetime;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        var arrivedAfter = _hub.Latest?.Sequence ?? 0;
        Frame frame;
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _lifetime.ApplicationStopping))
        using (_hub.AddDemand())
        {
            wait.CancelAfter(Timeout);
            try
            {
                frame = await _hub.WaitForNewerCaptureAsync(arrivedAfter, wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (wait.IsCancellationRequested)
            {
                if (context.RequestAborted.IsCancellationRequested || _lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    return;
                }

                response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                response.Headers.RetryAfter = "5";
                NoCache.Apply(response);
                await response.WriteAsync($"No frame from the camera within {Timeout.TotalSeconds:0} s; see /status.\n", context.RequestAborted).ConfigureAwait(false);
                return;
            }
        }

        response.ContentType = "image/jpeg";
        NoCache.Apply(response);
        await ResponseBody.WriteAsync(context, frame.Jpeg).ConfigureAwait(false);
    }
}
