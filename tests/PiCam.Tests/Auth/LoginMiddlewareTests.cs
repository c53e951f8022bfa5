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
    private readonly CapturingLogger<LoginMiddleware> _log = new();
    private readonly Dictionary<PicamSettings, ViewerLogin> _logins = [];

    public void Dispose() => _limiter.Dispose();

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

    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private async Task<(bool Passed, int Status, IHeaderDictionary Headers, string Body)> SendAsync(
        PicamSettings settings, string path, string? authorization = null, string address = "192.0.2.10", string method = "GET")
    {
        var login = _logins.TryGetValue(settings, out var existing)
            ? existing
            : _logins[settings] = new ViewerLogin(settings, _problems, TimeProvider.System, NullLogger<ViewerLogin>.Instance);
        var middleware = new LoginMiddleware(login, _limiter, _log);
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        using var body = new MemoryStream();
        context.Response.Body = body;
        var passed = false;
        await middleware.InvokeAsync(context, _ =>
        {
            passed = true;
            return Task.CompletedTask;
        });
        return (passed, context.Response.StatusCode, context.Response.Headers, Encoding.UTF8.GetString(body.ToArray()));
    }
}
