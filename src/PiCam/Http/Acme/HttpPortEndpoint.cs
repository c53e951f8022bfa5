using Microsoft.AspNetCore.Http;

namespace PiCam.Http.Acme;

/// <summary>
/// The whole of the plain-HTTP port (<c>HTTP_PORT</c>, 80) when <c>CERTBOT_DOMAIN</c> is set: ACME challenges,
/// and then either the redirect to HTTPS or, before the first certificate is served, 404 for the rest (the main
/// port still serves the camera over plain HTTP then, so nothing is hidden by it).
/// </summary>
internal sealed class HttpPortEndpoint
{
    private readonly AcmeChallengeEndpoint _challenges;
    private readonly HttpsRedirect? _redirect;

    /// <param name="redirect">null while the main port serves plain HTTP.</param>
    public HttpPortEndpoint(AcmeChallengeEndpoint challenges, HttpsRedirect? redirect)
    {
        _challenges = challenges;
        _redirect = redirect;
    }

    public Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(AcmePaths.ChallengePath.TrimEnd('/'), StringComparison.Ordinal, out var rest)
            && rest.HasValue && rest.Value!.Length > 1)
        {
            return _challenges.HandleAsync(context);
        }

        if (_redirect is not null)
        {
            return _redirect.HandleAsync(context);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
