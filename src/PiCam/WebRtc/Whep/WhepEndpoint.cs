using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PiCam.WebRtc.Sdp;

namespace PiCam.WebRtc.Whep;

/// <summary>
/// WHEP (the WebRTC-HTTP Egress Protocol): <c>POST /whep</c> with the browser's SDP offer answers
/// <c>201 Created</c>, the SDP answer and a <c>Location</c>; <c>DELETE</c> on that location ends the
/// session. Trickle ICE (<c>PATCH</c>) is not needed by an ICE-lite server with host candidates: 405.
/// </summary>
internal sealed class WhepEndpoint
{
    public const string Path = "/whep";
    private readonly WebRtcService _webRtc;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _logger;

    public WhepEndpoint(WebRtcService webRtc, IHostApplicationLifetime lifetime, ILogger<WhepEndpoint> logger)
    {
        _webRtc = webRtc;
        _lifetime = lifetime;
        _logger = logger;
    }

    public async Task OfferAsync(HttpContext context)
    {
        var response = context.Response;
        if (_webRtc.OffReason is { } off)
        {
            await ReplyAsync(response, StatusCodes.Status503ServiceUnavailable, off, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var contentType = context.Request.ContentType ?? "";
        if (!contentType.StartsWith("application/sdp", StringComparison.OrdinalIgnoreCase))
        {
            await ReplyAsync(response, StatusCodes.Status415UnsupportedMediaType, "POST the browser's SDP offer with Content-Type: application/sdp.", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        // Kestrel takes no body anywhere else (KestrelSetup); an offer may have one, read only as far as the parser's limit.
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = 4 * SdpOfferParser.MaxLength;
        }

        if (context.Request.ContentLength > 4 * SdpOfferParser.MaxLength)
        {
            await ReplyAsync(response, StatusCodes.Status400BadRequest, $"The offer is larger than {SdpOfferParser.MaxLength / 1024} KiB; send the browser's own offer, unmodified.", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var text = await ReadBodyAsync(context.Request, SdpOfferParser.MaxLength + 1, context.RequestAborted).ConfigureAwait(false);
        if (!SdpOfferParser.TryParse(text, out var offer, out var reason))
        {
            WebRtcLog.OfferRefused(_logger, reason);
            await ReplyAsync(response, StatusCodes.Status400BadRequest, reason, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (_webRtc.TryStart(offer!, _lifetime.ApplicationStopping) is not var (session, answer))
        {
            response.Headers.RetryAfter = "10";
            await ReplyAsync(response, StatusCodes.Status503ServiceUnavailable,
                $"Too many WebRTC viewers: at most {_webRtc.Sessions.Max} (WEBRTC_MAX_SESSIONS) may watch at once; try again later or use /stream.mjpg.", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        response.StatusCode = StatusCodes.Status201Created;
        response.ContentType = "application/sdp";
        response.Headers.Location = $"{Path}/{session.Id}";
        response.Headers.CacheControl = "no-store";
        await response.WriteAsync(answer, context.RequestAborted).ConfigureAwait(false);
    }

    public async Task DeleteAsync(HttpContext context)
    {
        var id = context.Request.RouteValues["id"] as string ?? "";
        if (!_webRtc.Sessions.TryGet(id, out var session))
        {
            await ReplyAsync(context.Response, StatusCodes.Status404NotFound, "There is no such WebRTC session; it may have ended already.", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        _webRtc.End(session!, "the viewer ended it (DELETE)");
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    public async Task PatchAsync(HttpContext context)
    {
        context.Response.Headers.Allow = "DELETE";
        await ReplyAsync(context.Response, StatusCodes.Status405MethodNotAllowed,
            "Trickle ICE is not supported: send the offer with all its candidates, or none (the camera is ICE-lite).", context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<string?> ReadBodyAsync(HttpRequest request, int maxChars, CancellationToken token)
    {
        var text = new StringBuilder();
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
        var buffer = new char[4096];
        while (text.Length < maxChars)
        {
            var n = await reader.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, maxChars - text.Length)), token).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            text.Append(buffer, 0, n);
        }

        return text.ToString();
    }

    private static Task ReplyAsync(HttpResponse response, int status, string message, CancellationToken token)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(message + "\n", token);
    }
}
