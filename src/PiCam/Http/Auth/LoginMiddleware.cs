using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PiCam.Http.Auth;

/// <summary>
/// HTTP Basic in front of every endpoint while <see cref="ViewerLogin"/> is on, except the liveness probe and
/// ACME's HTTP-01 challenges. In order: a blocked address gets 429 (its credentials are not even looked at,
/// so guessing stops for the rest of the window); no usable credentials get 401 and the challenge (the
/// browser's first request; not counted); wrong ones get 401 and count against the address in
/// <see cref="FailedLoginLimiter"/>; right ones pass. While the login is misconfigured everything protected
/// gets 503 with what to fix.
/// </summary>
internal sealed class LoginMiddleware
{
    public const string AcmeChallengePath = "/.well-known/acme-challenge";

    private readonly ViewerLogin _login;
    private readonly FailedLoginLimiter _limiter;
    private readonly ILogger _logger;

    public LoginMiddleware(ViewerLogin login, FailedLoginLimiter limiter, ILogger<LoginMiddleware> logger)
    {
        _login = login;
        _limiter = limiter;
        _logger = logger;
    }

    /// <summary>Paths anyone may fetch. Case-insensitive like routing, so they match exactly what the routes match.</summary>
    public static bool IsOpen(PathString path) =>
        path.Equals(LivenessEndpoint.Path, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(AcmeChallengePath, StringComparison.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (_login.Mode == LoginMode.Off || IsOpen(context.Request.Path))
        {
            return next(context);
        }

        if (_login.Mode == LoginMode.Misconfigured)
        {
            return RespondAsync(context, StatusCodes.Status503ServiceUnavailable, _login.Refusal ?? "Viewer login is misconfigured.\n");
        }

        var address = ClientAddress.Key(context.Connection.RemoteIpAddress);
        if (_limiter.IsBlocked(address, out var retryAfter))
        {
            return TooManyAsync(context, retryAfter);
        }

        if (!BasicCredentials.TryParse(context.Request.Headers.Authorization, out var credentials))
        {
            return ChallengeAsync(context);
        }

        if (_login.Verify(credentials.User, credentials.Password))
        {
            return next(context);
        }

        AuthLog.LoginFailed(_logger, address, credentials.User);
        if (!_limiter.RecordFailure(address, out var nowBlocked, out retryAfter))
        {
            return TooManyAsync(context, retryAfter);
        }

        if (nowBlocked)
        {
            AuthLog.AddressBlocked(_logger, address, Math.Ceiling(retryAfter.TotalSeconds), _limiter.Limit);
        }

        return ChallengeAsync(context);
    }

    private Task ChallengeAsync(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = _login.Challenge;
        return RespondAsync(context, StatusCodes.Status401Unauthorized, "Log in to watch this camera.\n");
    }

    private static Task TooManyAsync(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return RespondAsync(context, StatusCodes.Status429TooManyRequests, $"Too many failed logins from your address; try again in {seconds} s.\n");
    }

    private static Task RespondAsync(HttpContext context, int status, string message)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        NoCache.Apply(response);
        return ResponseBody.WriteAsync(context, System.Text.Encoding.UTF8.GetBytes(message));
    }
}
