using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace PiCam.Http.Acme;

/// <summary>
/// Everything on the plain-HTTP port that is not a challenge, once HTTPS is on: 301 to the same host, path and
/// query on the HTTPS port (<c>PORT</c>; left out of the URL when it is 443). The host is the one the client
/// asked for, so a camera reached by its LAN address stays on it; a missing or malformed Host header falls back
/// to <c>CERTBOT_DOMAIN</c>.
/// </summary>
internal sealed class HttpsRedirect
{
    private readonly int _httpsPort;
    private readonly string _fallbackHost;

    public HttpsRedirect(int httpsPort, string fallbackHost)
    {
        _httpsPort = httpsPort;
        _fallbackHost = fallbackHost;
    }

    public Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
        context.Response.Headers.Location = Location(request.Host, request.PathBase, request.Path, request.QueryString);
        return Task.CompletedTask;
    }

    public string Location(HostString requested, PathString pathBase, PathString path, QueryString query)
    {
        var host = requested.Host;
        if (string.IsNullOrEmpty(host) || Uri.CheckHostName(host.Trim('[', ']')) == UriHostNameType.Unknown)
        {
            host = _fallbackHost;
        }

        var target = _httpsPort == 443 ? new HostString(host) : new HostString(host, _httpsPort);
        return UriHelper.BuildAbsolute("https", target, pathBase, path, query);
    }
}
