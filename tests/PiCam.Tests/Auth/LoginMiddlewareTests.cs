using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PiCam.Config;
using PiCam.Http.Auth;

namespace PiCam.Tests.Auth;

/// <summary>The login middleware on in-memory requests: who gets through, what the others are told, what is logged.</summary>
public sealed class LoginMiddlewareTests : IDisposable
{
    private const string Secret = "s3cret-Pa55";
    private static readonly string Hash = PasswordHash.Create(Secret, PasswordHash.MinIterations);

    private readonly ConfigProblems _problems = new([], NullLogger<ConfigProblems>.Instance);
    private readonly FailedLoginLimiter _limiter = new();
    private readonly PasswordCheckQueue _checks = new(workers: 2, queueLength: 1000);
    private readonly CapturingLogger<LoginMiddleware> _log = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<PicamSettings, ViewerLogin> _logins = new();

    public void Dispose()
    {
        _limiter.Dispose();
        _checks.Dispose();
    }

    [Fact]
    public async Task LoginOff_LetsEveryRequestThrough()
    {
        var result = await SendAsync(new PicamSettings(), "/status");

        Assert.True(result.Passed);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    [InlineData("/status")]
    [InlineData("/metrics")]
    [InlineData("/stream.mjpg")]
    [InlineData("/current.jpg")]
    [InlineData("/healthz/")]
    [InlineData("/healthzz")]
    [InlineData("/.well-known/acme-challengex")]
    [InlineData("/no-such-page")]
    public async Task NoCredentials_Get401WithTheBasicChallenge(string path)
    {
        var result = await SendAsync(LoginOn(), path);

        Assert.False(result.Passed);
        Assert.Equal(StatusCodes.Status401Unauthorized, result.Status);
        Assert.Equal("Basic realm=\"Garden \\\"Cam\\\"\", charset=\"UTF-8\"", result.Headers.WWWAuthenticate.ToString());
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/HEALTHZ")]
    [InlineData("/.well-known/acme-challenge/token-123")]
    public async Task TheLivenessProbeAndAcmeChallenges_AreOpenWithoutCredentials(string path)
    {
        Assert.True((await SendAsync(LoginOn(), path)).Passed);
        Assert.True((await SendAsync(Misconfigured(), path)).Passed);
    }

    [Fact]
    public async Task TheRightCredentials_PassThrough()
    {
        var result = await SendAsync(LoginOn(), "/stream.mjpg", Basic("anna", Secret));

        Assert.True(result.Passed);
    }

    [Fact]
    public async Task WrongCredentials_Get401AndALogLineWithTheAddressAndUserButNoSecret()
    {
        var result = await SendAsync(LoginOn(), "/status", Basic("mallory", "guess-1"));

        Assert.Equal(StatusCodes.Status401Unauthorized, result.Status);
        var entry = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Contains("192.0.2.10", entry.Text, StringComparison.Ordinal);
        Assert.Contains("mallory", entry.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("guess-1", entry.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Basic("mallory", "guess-1")["Basic ".Length..], entry.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUserNameWithLineBreaks_CannotForgeALogLine()
    {
        await SendAsync(LoginOn(), "/status", Basic("x\nINFO: admin logged in", "guess"));

        Assert.DoesNotContain('\n', Assert.Single(_log.Entries).Text);
    }

    [Fact]
    public async Task TheEleventhFailureFromAnAddress_Gets429WithRetryAfter_EvenWithTheRightPassword()
    {
        var settings = LoginOn();
        for (var i = 1; i <= 10; i++)
        {
            Assert.Equal(StatusCodes.Status401Unauthorized, (await SendAsync(settings, "/status", Basic("anna", $"guess-{i}"))).Status);
        }

        var blocked = await SendAsync(settings, "/status", Basic("anna", "guess-11"));
        Assert.Equal(StatusCodes.Status429TooManyRequests, blocked.Status);
        Assert.InRange(int.Parse(blocked.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(StatusCodes.Status429TooManyRequests, (await SendAsync(settings, "/status", Basic("anna", Secret))).Status);
        Assert.True((await SendAsync(settings, "/status", Basic("anna", Secret), address: "192.0.2.99")).Passed);
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Warning && e.Text.Contains("Blocked logins from 192.0.2.10", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SuccessfulLoginsAndMissingCredentials_DoNotCountAsFailures()
    {
        var settings = LoginOn();
        for (var i = 0; i < 30; i++)
        {
            Assert.True((await SendAsync(settings, "/status", Basic("anna", Secret))).Passed);
            Assert.Equal(StatusCodes.Status401Unauthorized, (await SendAsync(settings, "/status")).Status);
        }

        for (var i = 1; i <= 10; i++)
        {
            Assert.Equal(StatusCodes.Status401Unauthorized, (await SendAsync(settings, "/status", Basic("anna", "wrong"))).Status);
        }

        Assert.Equal(StatusCodes.Status429TooManyRequests, (await SendAsync(settings, "/status", Basic("anna", "wrong"))).Status);
    }

    [Fact]
    public async Task Issue9_AThousandConcurrentGuessesFromOneAddress_HashAtMostTheLimit()
    {
        // A hash slow enough (a few ms) that the guesses overlap, as 600,000 iterations do on a Pi.
        var settings = new PicamSettings { ViewerUser = "anna", ViewerPasswordHash = PasswordHash.Create(Secret, 20_000) };
        // Threads of their own, so the guesses really are concurrent however small the thread pool is.
        var statuses = new System.Collections.Concurrent.ConcurrentBag<int>();
        using var start = new Barrier(100);
        var threads = Enumerable.Range(0, 100).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 10; i++)
            {
                statuses.Add(SendAsync(settings, "/status", Basic("anna", $"guess-{t}-{i}")).GetAwaiter().GetResult().Status);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        await Task.Run(() => threads.ForEach(t => t.Join()));

        var hashed = _log.Entries.Count(e => e.Text.StartsWith("Failed login", StringComparison.Ordinal));
        Assert.InRange(hashed, 1, FailedLoginLimiter.DefaultLimit);
        Assert.InRange(_checks.Completed, hashed, FailedLoginLimiter.DefaultLimit);
        Assert.InRange(_checks.PeakRunning, 1, _checks.Workers);
        Assert.Equal(hashed, statuses.Count(s => s == StatusCodes.Status401Unauthorized));
        Assert.All(statuses, s => Assert.True(s is StatusCodes.Status401Unauthorized or StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable, $"status {s}"));
    }

    [Fact]
    public async Task Issue9_RightToLeftOverridesAndOtherInvisibleCharactersInAUserName_NeverReachTheLog()
    {
        await SendAsync(LoginOn(), "/status", Basic("adm\u202Enimda\u2066x\u200By\u0085z\u2028w\uFEFF", "guess"));

        var line = Assert.Single(_log.Entries).Text;
        foreach (var c in "\u202E\u2066\u200B\u0085\u2028\uFEFF")
        {
            Assert.False(line.Contains(c, StringComparison.Ordinal), $"U+{(int)c:X4} reached the log: {line}");
        }

        Assert.Contains("adm?nimda?x?y?z?w?", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue9_ABlockedAddress_StillLetsInABrowserThatLoggedInBefore_ButNobodyElse()
    {
        var settings = LoginOn();
        var household = await SendAsync(settings, "/index.html", Basic("anna", Secret));
        Assert.True(household.Passed);
        var cookie = DeviceCookieOf(household.Headers);

        for (var i = 1; i <= 10; i++)
        {
            Assert.Equal(StatusCodes.Status401Unauthorized, (await SendAsync(settings, "/status", Basic("anna", $"guess-{i}"))).Status);
        }

        Assert.True((await SendAsync(settings, "/stream.mjpg", Basic("anna", Secret), cookie: cookie)).Passed, "the household's browser was locked out");
        Assert.Equal(StatusCodes.Status429TooManyRequests, (await SendAsync(settings, "/status", Basic("anna", Secret))).Status);
        Assert.Equal(StatusCodes.Status429TooManyRequests, (await SendAsync(settings, "/status", Basic("anna", "guess-11"), cookie: cookie)).Status);
        Assert.Equal(StatusCodes.Status429TooManyRequests, (await SendAsync(settings, "/status", Basic("anna", Secret), cookie: cookie[..^4] + "AAAA")).Status);
    }

    [Fact]
    public async Task TheDeviceCookie_IsHttpOnlyAndSameSiteStrict_AndNotSetAgainWhileValid()
    {
        var settings = LoginOn();
        var first = await SendAsync(settings, "/index.html", Basic("anna", Secret));
        var setCookie = first.Headers.SetCookie.ToString();
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Secret, setCookie, StringComparison.Ordinal);

        var again = await SendAsync(settings, "/status", Basic("anna", Secret), cookie: DeviceCookieOf(first.Headers));
        Assert.True(again.Passed);
        Assert.Equal(0, again.Headers.SetCookie.Count);
    }

    [Fact]
    public async Task WhenThePasswordCheckQueueIsFull_TheLoginIsRefusedWith503AndRetryAfter_AndNotCountedAsAFailure()
    {
        using var gate = new ManualResetEventSlim();
        using var checks = new PasswordCheckQueue(workers: 1, queueLength: 1);
        Assert.True(checks.TryRun(() => gate.Wait(TimeSpan.FromSeconds(30)), out var running));
        while (checks.Running == 0)
        {
            await Task.Delay(10);
        }

        Assert.True(checks.TryRun(() => gate.Wait(TimeSpan.FromSeconds(30)), out var queued));
        var login = new ViewerLogin(LoginOn(), _problems, TimeProvider.System, NullLogger<ViewerLogin>.Instance);
        var context = Request("/status", Basic("anna", Secret));

        await new LoginMiddleware(login, _limiter, checks, _log).InvokeAsync(context, _ => Task.CompletedTask);
        gate.Set();
        await Task.WhenAll(running, queued);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal(LoginMiddleware.BusyRetrySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), context.Response.Headers.RetryAfter.ToString());
        Assert.DoesNotContain(_log.Entries, e => e.Level > LogLevel.Debug);
        for (var i = 1; i <= FailedLoginLimiter.DefaultLimit; i++)
        {
            Assert.True(_limiter.TryReserve("192.0.2.10", out _, out _), $"permit {i} was used up by the check that never ran");
        }
    }

    [Fact]
    public async Task AMisconfiguredLogin_Answers503WithWhatToFix_AndNoChallenge()
    {
        var result = await SendAsync(Misconfigured(), "/index.html", Basic("anna", "pbkdf2-typo"));

        Assert.False(result.Passed);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, result.Status);
        Assert.Equal(0, result.Headers.WWWAuthenticate.Count);
        Assert.Contains("VIEWER_PASSWORD_HASH", result.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("pbkdf2-typo", result.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHeadRequest_GetsTheStatusWithoutABody()
    {
        var result = await SendAsync(LoginOn(), "/status", method: HttpMethods.Head);

        Assert.Equal(StatusCodes.Status401Unauthorized, result.Status);
        Assert.Equal("", result.Body);
    }

    private static PicamSettings LoginOn() => new() { Name = "Garden \"Cam\"", ViewerUser = "anna", ViewerPasswordHash = Hash };

    private static PicamSettings Misconfigured() => new() { ViewerUser = "anna", ViewerPasswordHash = "pbkdf2-typo" };

    /// <summary>The <c>name=value</c> of the cookie a response set, for the next request's Cookie header.</summary>
    private static string DeviceCookieOf(IHeaderDictionary headers)
    {
        var setCookie = headers.SetCookie.ToString();
        Assert.False(string.IsNullOrEmpty(setCookie), "a successful login set no cookie");
        return setCookie.Split(';')[0];
    }

    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private async Task<(bool Passed, int Status, IHeaderDictionary Headers, string Body)> SendAsync(
        PicamSettings settings, string path, string? authorization = null, string address = "192.0.2.10", string method = "GET", string? cookie = null)
    {
        var login = _logins.GetOrAdd(settings, s => new ViewerLogin(s, _problems, TimeProvider.System, NullLogger<ViewerLogin>.Instance));
        var middleware = new LoginMiddleware(login, _limiter, _checks, _log);
        var context = Request(path, authorization, address, method, cookie);
        var passed = false;
        await middleware.InvokeAsync(context, _ =>
        {
            passed = true;
            return Task.CompletedTask;
        });
        var body = (MemoryStream)context.Response.Body;
        return (passed, context.Response.StatusCode, context.Response.Headers, Encoding.UTF8.GetString(body.ToArray()));
    }

    private static DefaultHttpContext Request(string path, string? authorization = null, string address = "192.0.2.10", string method = "GET", string? cookie = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        if (cookie is not null)
        {
            context.Request.Headers.Cookie = cookie;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }
}
