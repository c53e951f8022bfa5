using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PiCam.Http.Auth;
using PiCam.Tests.Support;
using Xunit;

namespace PiCam.Tests.Integration;

/// <summary>
/// Viewer login against the real server process over loopback: HTTP Basic on every endpoint but
/// <c>/healthz</c>, failed attempts limited per address, a broken configuration failing closed, and the
/// password nowhere in the output, <c>/status</c> or <c>/metrics</c>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LoginTests
{
    private const string User = "anna";
    private const string Password = "correct horse 7f3c9a";
    private const string Challenge = "Basic realm=\"Garden \\\"Cam\\\"\", charset=\"UTF-8\"";
    private static readonly string[] ProtectedPaths = ["", "index.html", "status", "metrics", "current.jpg", "stream.mjpg", "?action=snapshot", "no-such-page"];

    /// <summary>Few iterations keep ten failures quick; <see cref="HashPassword_FromTheBinary_PrintsAHashThatLogsIn"/> uses the real count.</summary>
    private static readonly string QuickHash = PasswordHash.Create(Password, 10_000);

    [Fact]
    public async Task EveryEndpoint_WithoutCredentials_Gets401AndTheBasicChallenge()
    {
        await using var server = await StartAsync(Hashed());
        using var client = server.CreateClient(new SocketsHttpHandler { AllowAutoRedirect = false });

        foreach (var path in ProtectedPaths)
        {
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"/{path}: {response.StatusCode}");
            Assert.Equal(Challenge, response.Headers.WwwAuthenticate.ToString());
        }
    }

    [Fact]
    public async Task WrongCredentials_Get401()
    {
        await using var server = await StartAsync(Hashed());

        foreach (var (user, password) in new[] { (User, "correct horse"), ("Anna", Password), ("", ""), (User, QuickHash) })
        {
            using var client = Client(server, user, password);
            using var response = await client.GetAsync("status");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task TheRightCredentials_OpenThePageStatusSnapshotStreamAndMetrics()
    {
        await using var server = await StartAsync(Hashed());
        using var client = Client(server, User, Password);

        var page = await client.GetStringAsync("index.html");
        Assert.Contains("Garden &quot;Cam&quot; Live", page, StringComparison.Ordinal);
        Assert.Contains("id=\"insecure-login-warning\"", page, StringComparison.Ordinal);

        var status = await Json.GetAsync(client, "status");
        Assert.True(status.GetProperty("login").GetProperty("required").GetBoolean());
        Assert.False(status.GetProperty("login").GetProperty("encrypted").GetBoolean(), "plain HTTP must say unencrypted, for the page's warning");
        Assert.Empty(status.GetProperty("config_problems").EnumerateArray());

        JpegAssert.Valid(await client.GetByteArrayAsync("current.jpg"), 320, 240);
        using (var stream = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
            var reader = new MultipartReader(await stream.Content.ReadAsStreamAsync());
            JpegAssert.Valid((await reader.ReadPartAsync()).Body, 320, 240);
        }

        Assert.Contains("picam_up 1", await client.GetStringAsync("metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_AnswersOkWithoutCredentials_AndSaysNothingElse()
    {
        await using var server = await StartAsync(Hashed());
        using var client = server.CreateClient();

        using var response = await client.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ok\n", await response.Content.ReadAsStringAsync());
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "healthz"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Fact]
    public async Task TheEleventhFailedLoginFromAnAddress_Gets429WithRetryAfter_AndTheGuessesAreNeverLogged()
    {
        await using var server = await StartAsync(Hashed());
        for (var i = 1; i <= 10; i++)
        {
            using var guesser = Client(server, User, $"guess-{i:00}");
            using var refused = await guesser.GetAsync("status");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var guesser = Client(server, User, "guess-11"))
        using (var blocked = await guesser.GetAsync("status"))
        {
            Assert.Equal((HttpStatusCode)429, blocked.StatusCode);
            Assert.InRange(blocked.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        }

        using (var owner = Client(server, User, Password))
        using (var stillBlocked = await owner.GetAsync("status"))
        {
            Assert.Equal((HttpStatusCode)429, stillBlocked.StatusCode); // no more checks from this address this minute
        }

        using (var anyone = server.CreateClient())
        using (var health = await anyone.GetAsync("healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        Assert.True(await server.WaitForOutputAsync("Blocked logins from 127.0.0.1", TimeSpan.FromSeconds(5)), server.Output);
        Assert.Contains("Failed login from 127.0.0.1 as user 'anna'", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("guess-", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue9_ABrowserThatLoggedInBefore_KeepsWatchingWhileAGuesserAtTheSameAddressIsBlocked()
    {
        await using var server = await StartAsync(Hashed());
        var household = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, CookieContainer = new CookieContainer() };
        using var browser = server.CreateClient(household);
        browser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        using (var page = await browser.GetAsync("index.html"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        for (var i = 1; i <= 11; i++)
        {
            using var guesser = Client(server, User, $"guess-{i:00}");
            using var refused = await guesser.GetAsync("status");
            Assert.Equal(i <= 10 ? HttpStatusCode.Unauthorized : (HttpStatusCode)429, refused.StatusCode);
        }

        using (var stream = await browser.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
            JpegAssert.Valid((await new MultipartReader(await stream.Content.ReadAsStreamAsync()).ReadPartAsync()).Body, 320, 240);
        }

        using var stranger = Client(server, User, Password);
        using var blocked = await stranger.GetAsync("status");
        Assert.Equal((HttpStatusCode)429, blocked.StatusCode); // the right password without the cookie: still blocked
    }

    [Fact]
    public async Task APlainPassword_LogsInButIsAConfigProblem_AndAppearsNowhere()
    {
        const string plain = "plain-Secret-5d1e";
        await using var server = await StartAsync(new Dictionary<string, string> { ["NAME"] = "Garden \"Cam\"", ["VIEWER_USER"] = User, ["VIEWER_PASSWORD"] = plain, ["VERBOSE"] = "1" });
        using (var wrong = Client(server, User, "not-it"))
        using (var refused = await wrong.GetAsync("status"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var client = Client(server, User, plain);
        using var statusResponse = await client.GetAsync("status");
        var statusBody = await statusResponse.Content.ReadAsStringAsync();
        var metricsBody = await client.GetStringAsync("metrics");
        using var stream = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead);
        await new MultipartReader(await stream.Content.ReadAsStreamAsync()).ReadPartAsync();

        Assert.Equal(HttpStatusCode.OK, statusResponse.StatusCode);
        var problem = Assert.Single(JsonDocument.Parse(statusBody).RootElement.GetProperty("config_problems").EnumerateArray());
        Assert.Equal("VIEWER_PASSWORD", problem.GetProperty("key").GetString());
        Assert.Contains("picam hash-password", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("plain password", server.Output, StringComparison.Ordinal);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{plain}"));
        foreach (var (where, text) in new[] { ("/status", statusBody), ("/metrics", metricsBody), ("the server's output", server.Output) })
        {
            Assert.False(text.Contains(plain, StringComparison.Ordinal), $"the password appears in {where}");
            Assert.False(text.Contains(basic, StringComparison.Ordinal), $"the Authorization header appears in {where}");
        }
    }

    [Fact]
    public async Task AMalformedHash_FailsClosedWith503ForEveryone_ButTheLivenessProbeStillAnswers()
    {
        const string typo = "pbkdf2-sha256$600000$Typo-c0ffee";
        await using var server = await StartAsync(new Dictionary<string, string> { ["VIEWER_USER"] = User, ["VIEWER_PASSWORD_HASH"] = typo });

        foreach (var client in new[] { server.CreateClient(), Client(server, User, Password), Client(server, User, typo) })
        {
            using (client)
            using (var response = await client.GetAsync("status"))
            {
                var body = await response.Content.ReadAsStringAsync();
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Contains("VIEWER_PASSWORD_HASH", body, StringComparison.Ordinal);
                Assert.DoesNotContain("c0ffee", body, StringComparison.Ordinal);
                Assert.False(response.Headers.WwwAuthenticate.Count > 0, "a login that cannot work must not be asked for");
            }
        }

        using var anyone = server.CreateClient();
        Assert.Equal("ok\n", await anyone.GetStringAsync("healthz"));
        Assert.True(await server.WaitForOutputAsync("VIEWER_PASSWORD_HASH", TimeSpan.FromSeconds(5)), server.Output);
        Assert.DoesNotContain("c0ffee", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ViewerPage_InChromium_LoggedInOverPlainHttp_ShowsTheUnencryptedPasswordWarning()
    {
        await using var server = await StartAsync(Hashed());
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = new UriBuilder(server.BaseUri) { UserName = User, Password = Uri.EscapeDataString(Password), Path = "index.html" }.Uri;
        await browser.NavigateAsync(page);

        Assert.True(await browser.WaitUntilAsync("!document.getElementById('insecure-login-warning').hidden", TimeSpan.FromSeconds(10)), "the warning never appeared");
        var warning = (await browser.EvaluateAsync("document.getElementById('insecure-login-warning').textContent"))?.GetValue<string>();
        Assert.Contains("Your password travels unencrypted over plain HTTP", warning, StringComparison.Ordinal);
        Assert.True(await browser.WaitUntilAsync("document.getElementById('stream').naturalWidth === 320", TimeSpan.FromSeconds(20)), "the stream never rendered");
    }

    [Fact]
    public async Task OverHttps_StatusSaysTheLoginIsEncrypted()
    {
        using var dir = new TempDirectory();
        using var certificate = TestCertificate.Create("camera-login");
        TestCertificate.WritePem(certificate, dir.File("cert.pem"), dir.File("key.pem"));
        var env = Hashed();
        env["KEYFILE"] = dir.File("key.pem");
        env["CERTFILE"] = dir.File("cert.pem");
        await using var server = await StartAsync(env, "https");
        using var client = Client(server, User, Password);

        var login = (await Json.GetAsync(client, "status")).GetProperty("login");

        Assert.True(login.GetProperty("required").GetBoolean());
        Assert.True(login.GetProperty("encrypted").GetBoolean());
    }

    [Fact]
    public async Task WithoutViewerKeys_NoLoginIsRequired()
    {
        await using var server = await StartAsync([]);
        using var client = server.CreateClient();

        var login = (await Json.GetAsync(client, "status")).GetProperty("login");

        Assert.False(login.GetProperty("required").GetBoolean());
        JpegAssert.Valid(await client.GetByteArrayAsync("current.jpg"), 320, 240);
    }

    [Fact]
    public async Task HashPassword_FromTheBinary_PrintsAHashThatLogsIn()
    {
        var (exit, hash, errors) = await RunHashPasswordAsync("tr0ub4dor & 3\n");
        Assert.True(exit == 0, errors);
        Assert.StartsWith($"pbkdf2-sha256${PasswordHash.DefaultIterations}$", hash, StringComparison.Ordinal);
        Assert.DoesNotContain("tr0ub4dor", hash + errors, StringComparison.Ordinal);

        await using var server = await StartAsync(new Dictionary<string, string> { ["VIEWER_USER"] = User, ["VIEWER_PASSWORD_HASH"] = hash.Trim() });
        using (var client = Client(server, User, "tr0ub4dor & 3"))
        using (var response = await client.GetAsync("status"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var client = Client(server, User, "tr0ub4dor & 4"))
        using (var response = await client.GetAsync("status"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task HashPassword_FromTheBinary_WithAnEmptyPassword_Exits2AndPrintsNoHash()
    {
        var (exit, hash, errors) = await RunHashPasswordAsync("\n");

        Assert.Equal(2, exit);
        Assert.Equal("", hash);
        Assert.Contains("empty", errors, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Hashed() => new() { ["NAME"] = "Garden \"Cam\"", ["VIEWER_USER"] = User, ["VIEWER_PASSWORD_HASH"] = QuickHash };

    private static HttpClient Client(ServerProcess server, string user, string password)
    {
        var client = server.CreateClient(server.BaseUri.Scheme == "https" ? TrustingHandler() : null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    private static SocketsHttpHandler TrustingHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.Zero,
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    };

    /// <summary>Starts the server and waits for <c>/healthz</c>: ServerProcess's own wait asks <c>/status</c>, which now needs a login.</summary>
    internal static async Task<ServerProcess> StartAsync(Dictionary<string, string> env, string scheme = "http", string? configFile = null, bool asNobody = false)
    {
        var server = await ServerProcess.StartAsync(env, configFile, scheme: scheme, waitUntilReady: false, asNobody: asNobody);
        using var client = server.CreateClient(scheme == "https" ? TrustingHandler() : null);
        var patience = PicamBinary.Scaled(TimeSpan.FromSeconds(20));
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline && !server.HasExited)
        {
            try
            {
                using var response = await client.GetAsync("healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }

                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    await server.DisposeAsync();
                    throw new InvalidOperationException("picam serves no /healthz: the login is not wired into AppHost");
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(50);
        }

        var output = server.Output;
        await server.DisposeAsync();
        throw new TimeoutException($"picam did not answer /healthz within {patience.TotalSeconds:F0} s:\n{output}");
    }

    /// <summary>Runs <c>picam hash-password</c> with <paramref name="input"/> on a redirected stdin (ServerProcess.RunCommandAsync has none).</summary>
    private static async Task<(int ExitCode, string Output, string Errors)> RunHashPasswordAsync(string input)
    {
        var start = PicamBinary.StartInfo();
        start.ArgumentList.Add("hash-password");
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start picam");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(PicamBinary.Scaled(TimeSpan.FromSeconds(30)));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
