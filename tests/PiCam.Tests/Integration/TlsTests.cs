using System.Net;
using System.Security.Cryptography.X509Certificates;
using PiCam.Tests.Support;
using Xunit;

namespace PiCam.Tests.Integration;

/// <summary>HTTPS straight from PEM files, and certificate renewal without a restart.</summary>
[Trait("Category", "Integration")]
public sealed class TlsTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Https_WithPemKeyAndCertificate_ServesTheStreamOverTls12OrLater(bool rsa)
    {
        using var dir = new TempDirectory();
        using var certificate = TestCertificate.Create("camera-one", rsa);
        TestCertificate.WritePem(certificate, dir.File("cert.pem"), dir.File("key.pem"));
        var seen = new List<string>();
        await using var server = await StartAsync(dir, seen);
        using var client = server.CreateClient(Handler(seen));

        using var response = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead);
        var part = await new MultipartReader(await response.Content.ReadAsStreamAsync()).ReadPartAsync();
        JpegAssert.Valid(part.Body, 320, 240);
        Assert.Contains(certificate.Thumbprint, seen);
        Assert.Empty((await Json.GetAsync(client, "status")).GetProperty("config_problems").EnumerateArray());
    }

    [Fact]
    public async Task Https_CertificateSwappedOnDisk_IsServedToNewConnectionsWhileOpenStreamsKeepRunning()
    {
        using var dir = new TempDirectory();
        using var first = TestCertificate.Create("before-renewal");
        using var second = TestCertificate.Create("after-renewal");
        TestCertificate.WritePem(first, dir.File("cert.pem"), dir.File("key.pem"));
        var seen = new List<string>();
        await using var server = await StartAsync(dir, seen);

        using var streamClient = server.CreateClient(Handler(seen));
        using var stream = await streamClient.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead);
        var reader = new MultipartReader(await stream.Content.ReadAsStreamAsync());
        await reader.ReadPartAsync();
        Assert.Equal([first.Thumbprint], seen.Distinct());

        TestCertificate.WritePem(second, dir.File("cert.pem"), dir.File("key.pem"));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!seen.Contains(second.Thumbprint) && DateTime.UtcNow < deadline)
        {
            using var fresh = server.CreateClient(Handler(seen));
            using var _ = await fresh.GetAsync("status");
            await reader.ReadPartAsync(); // the old stream keeps flowing meanwhile
            await Task.Delay(200);
        }

        Assert.Contains(second.Thumbprint, seen);
        for (var i = 0; i < 10; i++)
        {
            JpegAssert.Valid((await reader.ReadPartAsync()).Body, 320, 240);
        }
    }

    [Fact]
    public async Task Https_OverHttp2_StreamsTheSameMultipartPartsBrowsersGet()
    {
        using var dir = new TempDirectory();
        using var certificate = TestCertificate.Create("camera-h2");
        TestCertificate.WritePem(certificate, dir.File("cert.pem"), dir.File("key.pem"));
        var seen = new List<string>();
        await using var server = await StartAsync(dir, seen);
        using var client = server.CreateClient(Handler(seen));

        using var request = new HttpRequestMessage(HttpMethod.Get, "stream.mjpg") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("multipart/x-mixed-replace; boundary=FRAME", response.Content.Headers.ContentType?.ToString());
        var reader = new MultipartReader(await response.Content.ReadAsStreamAsync());
        for (var i = 0; i < 3; i++)
        {
            JpegAssert.Valid((await reader.ReadPartAsync()).Body, 320, 240);
        }
    }

    [Fact]
    public async Task Https_KeyFileReadableByOthers_IsAConfigProblemButStillServes()
    {
        using var dir = new TempDirectory();
        using var certificate = TestCertificate.Create("careless");
        TestCertificate.WritePem(certificate, dir.File("cert.pem"), dir.File("key.pem"),
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var seen = new List<string>();
        await using var server = await StartAsync(dir, seen);
        using var client = server.CreateClient(Handler(seen));

        var problems = (await Json.GetAsync(client, "status")).GetProperty("config_problems").EnumerateArray().ToList();
        var problem = Assert.Single(problems, p => p.GetProperty("key").GetString() == "KEYFILE");
        Assert.Contains("chmod 600", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_MissingCertificateFiles_FallsBackToHttpWithAProblem()
    {
        using var dir = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["KEYFILE"] = dir.File("missing-key.pem"),
            ["CERTFILE"] = dir.File("missing-cert.pem"),
        });
        using var client = server.CreateClient();
        var problems = (await Json.GetAsync(client, "status")).GetProperty("config_problems").EnumerateArray().ToList();
        var problem = Assert.Single(problems, p => p.GetProperty("key").GetString() == "CERTFILE");
        Assert.Contains("serving HTTP", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static async Task<ServerProcess> StartAsync(TempDirectory dir, List<string> seen)
    {
        var server = await ServerProcess.StartAsync(
            new Dictionary<string, string> { ["KEYFILE"] = dir.File("key.pem"), ["CERTFILE"] = dir.File("cert.pem") },
            scheme: "https",
            waitUntilReady: false);
        await server.WaitUntilReadyAsync(Handler(seen));
        return server;
    }

    /// <summary>A handler that trusts the test certificate and records which one each new connection was shown.</summary>
    private static SocketsHttpHandler Handler(List<string> seen) => new()
    {
        PooledConnectionLifetime = TimeSpan.Zero,
        SslOptions =
        {
            EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
            RemoteCertificateValidationCallback = (_, cert, _, _) =>
            {
                lock (seen)
                {
                    seen.Add(new X509Certificate2(cert!).Thumbprint);
                }

                return true;
            },
        },
    };
}
