using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PiCam.Http.Auth;

/// <summary>
/// HTTP Basic in front of every endpoint while <see cref="ViewerLogin"/> is on, except the liveness probe and
/// ACME's HTTP-01 challenges. In order:
/// <list type="number">
/// <item>credentials with this browser's <see cref="DeviceCookie"/> pass (two HMACs), even from a blocked address;</item>
/// <item>a blocked address gets 429, its credentials not even looked at;</item>
/// <item>no usable credentials get 401 and the challenge (the browser's first request; not counted);</item>
/// <item>credentials verified in the last few minutes pass (one HMAC);</item>
/// <item>anything else takes one of the address's permits in <see cref="FailedLoginLimiter"/> first (none
/// left: 429), then waits for the slow hash on <see cref="PasswordCheckQueue"/> (queue full: 503 and
/// Retry-After, the permit given back); right credentials give the permit back, pass, and get a device
/// cookie; wrong ones keep it and get 401.</item>
/// </list>
/// While the login is misconfigured everything protected gets 503 with what to fix.
/// </summary>
internal sealed class LoginMiddleware
{
    public const string AcmeChallengePath = "/.well-known/acme-challenge";

    /// <summary>How long a client refused for a full check queue is asked to wait.</summary>
    public const int BusyRetrySeconds = 2;

    private readonly ViewerLogin _login;
    private readonly FailedLoginLimiter _limiter;
    private readonly PasswordCheckQueue _checks;
    private readonly ILogger _logger;

    public LoginMiddleware(ViewerLogin login, FailedLoginLimiter limiter, PasswordCheckQueue checks, ILogger<LoginMiddleware> logger)
    {
        _login = login;
        _limiter = limiter;
        _checks = checks;
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

        BasicCredentials.TryParse(context.Request.Headers.Authorization, out var credentials);
        if (credentials is not null && _login.Devices.IsValidFor(context.Request.Cookies[DeviceCookie.Name], credentials.User, credentials.Password))
        {
            return next(context);
        }

        var address = ClientAddress.Key(context.Connection.RemoteIpAddress);
        if (_limiter.IsBlocked(address, out var retryAfter))
        {
            return TooManyAsync(context, retryAfter);
        }

        if (credentials is null)
        {
            return ChallengeAsync(context);
        }

        if (_login.IsRemembered(credentials.User, credentials.Password))
        {
            return AdmitAsync(context, next, credentials);
        }

        return CheckAsync(context, next, address, credentials);
    }

    private async Task CheckAsync(HttpContext context, RequestDelegate next, string address, BasicCredentials credentials)
    {
        if (!_limiter.TryReserve(address, out var attempt, out var retryAfter))
        {
            await TooManyAsync(context, retryAfter).ConfigureAwait(false);
            return;
        }

        bool accepted;
        if (!_login.NeedsSlowCheck)
        {
            accepted = _login.Check(credentials.User, credentials.Password);
        }
        else if (_checks.TryRun(() => _login.Check(credentials.User, credentials.Password), out var check))
        {
            accepted = await check.ConfigureAwait(false);
        }
        else
        {
            _limiter.Release(attempt); // not checked, so not a failure
            AuthLog.ChecksBusy(_logger, address, _checks.QueueLength);
            await BusyAsync(context).ConfigureAwait(false);
            return;
        }

        if (accepted)
        {
            _limiter.Release(attempt);
            await AdmitAsync(context, next, credentials).ConfigureAwait(false);
            return;
        }

        AuthLog.LoginFailed(_logger, address, credentials.User);
        if (attempt.Last)
        {
            AuthLog.AddressBlocked(_logger, address, Math.Ceiling(retryAfter.TotalSeconds), _limiter.Limit);
        }

        await ChallengeAsync(context).ConfigureAwait(false);
    }

    /// <summary>Lets verified credentials through, with a device cookie so this browser is known next time.</summary>
    private Task AdmitAsync(HttpContext context, RequestDelegate next, BasicCredentials credentials)
    {
        context.Response.Headers.Append("Set-Cookie", _login.Devices.Header(_login.Devices.Issue(credentials.User, credentials.Password), context.Request.IsHttps));
        return next(context);
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

    private static Task BusyAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = BusyRetrySeconds.ToString(CultureInfo.InvariantCulture);
        return RespondAsync(context, StatusCodes.Status503ServiceUnavailable, $"The camera is busy checking other logins; try again in {BusyRetrySeconds} s.\n");
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
