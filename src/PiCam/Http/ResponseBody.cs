using Microsoft.AspNetCore.Http;

namespace PiCam.Http;

/// <summary>Sends a complete body with its length; a HEAD request gets the headers only.</summary>
internal static class ResponseBody
{
    public static async Task WriteAsync(HttpContext context, ReadOnlyMemory<byte> body)
    {
        context.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.BodyWriter.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
