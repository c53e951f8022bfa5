using Microsoft.Extensions.Logging.Abstractions;
using PiCam.Http.Acme;
using PiCam.Tests.Support;

namespace PiCam.Tests.Acme;

/// <summary>The plain-HTTP port: challenges always, then 404 before HTTPS is on and 301 after.</summary>
public sealed class HttpPortEndpointTests : IDisposable
{
    private const string Token = "tok-en_1";
    private readonly TempDirectory _webroot = new();
    private readonly AcmeChallengeEndpoint _challenges;

    public HttpPortEndpointTests()
    {
        var directory = Path.Combine(_webroot.Path, ".well-known", "acme-challenge");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, Token), "tok-en_1.thumbprint");
        _challenges = new AcmeChallengeEndpoint(_webroot.Path, NullLogger<AcmeChallengeEndpoint>.Instance);
    }

    public void Dispose() => _webroot.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Challenges_are_answered_before_and_after_https_is_on(bool httpsOn)
    {
        var endpoint = new HttpPortEndpoint(_challenges, httpsOn ? new HttpsRedirect(443, "cam.example.org") : null);
        var context = HttpExchange.Create("GET", "/.well-known/acme-challenge/" + Token);

        await endpoint.HandleAsync(context);

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("tok-en_1.thumbprint", HttpExchange.Body(context));
    }

    [Fact]
    public async Task Before_https_is_on_the_camera_is_not_served_on_this_port()
    {
        var endpoint = new HttpPortEndpoint(_challenges, redirect: null);
        var context = HttpExchange.Create("GET", "/stream.mjpg");

        await endpoint.HandleAsync(context);

        Assert.Equal(404, context.Response.StatusCode);
        Assert.Equal("", HttpExchange.Body(context));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/stream.mjpg")]
    [InlineData("/.well-known/acme-challenge/")]
    [InlineData("/.well-known/other")]
    public async Task Once_https_is_on_everything_else_is_redirected(string path)
    {
        var endpoint = new HttpPortEndpoint(_challenges, new HttpsRedirect(8443, "cam.example.org"));
        var context = HttpExchange.Create("GET", path);

        await endpoint.HandleAsync(context);

        Assert.Equal(301, context.Response.StatusCode);
        Assert.Equal("https://cam.example.org:8443" + path, context.Response.Headers.Location.ToString());
    }
}
