using System.Text;
using Microsoft.AspNetCore.Http;

namespace PiCam.Http.Auth;

/// <summary>
/// <c>/healthz</c>: 200 <c>ok</c> whenever the process serves HTTP. Open to everyone even with a viewer login,
/// so the health timer can probe it; it therefore says nothing else (no frame, no figures, no secrets).
/// </summary>
internal sealed class LivenessEndpoint
{
    public const string Path = "/healthz";

    private static readonly byte[] Body = Encoding.ASCII.GetBytes("ok\n");

    public Task HandleAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        NoCache.Apply(context.Response);
        return ResponseBody.WriteAsync(context, Body);
    }
}
