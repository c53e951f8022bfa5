using Microsoft.AspNetCore.Http;

namespace PiCam.Http;

/// <summary>
/// <c>/</c>: the seed's 301 to <c>/index.html</c>, and mjpg-streamer's de-facto URLs
/// (<c>/?action=stream</c>, <c>/?action=snapshot</c>) that OctoPrint, Mainsail and Home Assistant use.
/// </summary>
internal sealed class RootEndpoint
{
    private readonly StreamEndpoint _stream;
    private readonly SnapshotEndpoint _snapshot;

    public RootEndpoint(StreamEndpoint stream, SnapshotEndpoint snapshot)
    {
        _stream = stream;
        _snapshot = snapshot;
    }

    public Task HandleAsync(HttpContext context)
    {
        switch (context.Request.Query["action"].ToString())
        {
            case "stream":
                return _stream.HandleAsync(context);
            case "snapshot":
                return _snapshot.HandleAsync(context);
            default:
                context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
                context.Response.Headers.Location = "/index.html";
                return Task.CompletedTask;
        }
    }
}
