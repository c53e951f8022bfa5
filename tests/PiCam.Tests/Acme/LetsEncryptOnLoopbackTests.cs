using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using PiCam.Config;
using PiCam.Http.Acme;
using PiCam.Tests.Support;

namespace PiCam.Tests.Acme;

/// <summary>
/// Real ACME on loopback: pebble issues, the real certbot asks (run by the appliance's own scripts), pebble
/// fetches the HTTP-01 challenge from the real server's HTTP_PORT, and the server serves what the deploy hook
/// installed. Where a Pi's systemd would restart the server after the first certificate, the test restarts
/// the process itself, after checking that the hook asked for exactly that.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LetsEncryptOnLoopbackTests : IClassFixture<PebbleFixture>
{
    private static readonly UnixFileMode KeyMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly UnixFileMode ChainMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly PebbleFixture _pebble;

    public LetsEncryptOnLoopbackTests(PebbleFixture pebble) => _pebble = pebble;

    [Fact]
    public async Task The_first_certificate_comes_by_http01_and_after_the_restart_it_asks_for_the_main_port_serves_https()
    {
        using var camera = new AcmeCamera(_pebble);
        await using (var server = await camera.StartServerAsync())
        {
            using var client = server.CreateClient();
            var waiting = await ProblemsAsync(client);
            Assert.Contains(waiting, p => p.Key == "CERTBOT_DOMAIN" && p.Message.Contains("no certificate for cam.picam.test yet", StringComparison.Ordinal));
            using (var plain = PlainHttpPort())
            using (var beforeHttps = await plain.GetAsync("index.html"))
            {
                Assert.Equal(HttpStatusCode.NotFound, beforeHttps.StatusCode);
            }

            var (exitCode, output) = await camera.CertbotRunAsync();

            Assert.True(exitCode == 0, output);
            Assert.Equal("", await File.ReadAllTextAsync(camera.ProblemsFile));
            Assert.True(await server.WaitForOutputAsync("answered", TimeSpan.FromSeconds(5)), "the server answered no challenge:\n" + server.Output);
            Assert.Equal(1, camera.Restarts);
            Assert.Equal(KeyMode, File.GetUnixFileMode(camera.KeyFile));
            Assert.Equal(ChainMode, File.GetUnixFileMode(camera.CertFile));
            foreach (var line in KeyLines(camera.KeyFile))
            {
                Assert.DoesNotContain(line, output, StringComparison.Ordinal);
                Assert.DoesNotContain(line, server.Output, StringComparison.Ordinal);
            }
        }

        var served = new ServedCertificates(_pebble.IssuingRoot);
        await using var https = await camera.StartHttpsServerAsync(served);
        using var httpsClient = https.CreateClient(served.Handler());
        var problems = await ProblemsAsync(httpsClient);
        Assert.DoesNotContain(problems, p => p.Key is "CERTBOT_DOMAIN" or "CERTFILE" or "KEYFILE");
        Assert.Equal(Thumbprint(camera.CertFile), served.Last!.Thumbprint);
        using var plainAfter = PlainHttpPort();
        using var redirect = await plainAfter.GetAsync("index.html?x=1");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.Equal($"https://127.0.0.1:{camera.Port}/index.html?x=1", redirect.Headers.Location?.ToString());
    }

    [Fact]
    public async Task A_forced_renewal_reaches_new_connections_while_an_open_stream_keeps_receiving_frames()
    {
        using var camera = new AcmeCamera(_pebble);
        await IssueAsync(camera);
        var served = new ServedCertificates(_pebble.IssuingRoot);
        await using var server = await camera.StartHttpsServerAsync(served);
        var before = served.Last!.Thumbprint;

        using var streamClient = server.CreateClient(served.Handler());
        using var stream = await streamClient.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead);
        var reader = new MultipartReader(await stream.Content.ReadAsStreamAsync());
        var frames = 0;
        using var stop = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                JpegAssert.Valid((await reader.ReadPartAsync(stop.Token)).Body, 320, 240);
                Interlocked.Increment(ref frames);
            }
        });

        var (exitCode, output) = await camera.ForceRenewalAsync();
        Assert.True(exitCode == 0, output);
        var renewed = Thumbprint(camera.CertFile);
        Assert.NotEqual(before, renewed);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (served.Last!.Thumbprint != renewed && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            using var fresh = server.CreateClient(served.Handler());
            using var _ = await fresh.GetAsync("status");
        }

        Assert.Equal(renewed, served.Last!.Thumbprint);
        var atSwitch = Volatile.Read(ref frames);
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Volatile.Read(ref frames) < atSwitch + 10 && !watching.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.False(watching.IsFaulted, watching.Exception?.ToString());
        Assert.True(Volatile.Read(ref frames) >= atSwitch + 10, $"the open stream stalled after the switch ({frames} frames, {atSwitch} at the switch)");
        Assert.False(server.HasExited);
        Assert.Equal(1, camera.Restarts); // the first certificate's; a renewal is reloaded in place
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
    }

    [Fact]
    public async Task The_deploy_hook_run_twice_on_the_same_certificate_changes_nothing_the_second_time()
    {
        using var camera = new AcmeCamera(_pebble);
        await IssueAsync(camera);
        var chain = await File.ReadAllBytesAsync(camera.CertFile);
        var key = await File.ReadAllBytesAsync(camera.KeyFile);
        var written = (File.GetLastWriteTimeUtc(camera.CertFile), File.GetLastWriteTimeUtc(camera.KeyFile));

        for (var run = 0; run < 2; run++)
        {
            var (exitCode, output) = await camera.DeployHookAsync();
            Assert.True(exitCode == 0, output);
        }

        Assert.Equal(chain, await File.ReadAllBytesAsync(camera.CertFile));
        Assert.Equal(key, await File.ReadAllBytesAsync(camera.KeyFile));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(camera.Live, "fullchain.pem")), chain);
        Assert.Equal(written, (File.GetLastWriteTimeUtc(camera.CertFile), File.GetLastWriteTimeUtc(camera.KeyFile)));
        Assert.Equal(KeyMode, File.GetUnixFileMode(camera.KeyFile));
        Assert.Equal(ChainMode, File.GetUnixFileMode(camera.CertFile));
        Assert.Equal(1, camera.Restarts);
    }

    [Fact]
    public async Task Broken_live_links_are_repaired_so_that_renewals_keep_working()
    {
        using var camera = new AcmeCamera(_pebble);
        await using var server = await IssueAsync(camera, keepServer: true);
        var renewal = await camera.ForceRenewalAsync();
        Assert.True(renewal.ExitCode == 0, renewal.Output);
        File.Delete(Path.Combine(camera.Live, "fullchain.pem"));
        File.Delete(Path.Combine(camera.Live, "privkey.pem"));
        File.CreateSymbolicLink(Path.Combine(camera.Live, "privkey.pem"), "../../archive/cam.picam.test/privkey9.pem");
        Assert.NotEqual(0, (await camera.ForceRenewalAsync()).ExitCode); // what the seed ran into

        var (exitCode, output) = await camera.CertbotRunAsync();

        Assert.True(exitCode == 0, output);
        Assert.Equal("", await File.ReadAllTextAsync(camera.ProblemsFile));
        AssertLiveVersion(camera, 2);
        renewal = await camera.ForceRenewalAsync();
        Assert.True(renewal.ExitCode == 0, renewal.Output);
        AssertLiveVersion(camera, 3);
        Assert.Equal(Thumbprint(Path.Combine(camera.Live, "fullchain.pem")), Thumbprint(camera.CertFile));
        Assert.False(Directory.Exists(camera.Live + "-0001"), "certbot started a second lineage");
    }

    [Fact]
    public async Task A_lineage_beyond_repair_is_reported_on_status_and_a_new_certificate_replaces_it()
    {
        using var camera = new AcmeCamera(_pebble);
        await using var server = await IssueAsync(camera, keepServer: true);
        var first = Thumbprint(camera.CertFile);
        foreach (var file in Directory.GetFiles(camera.Archive))
        {
            File.Delete(file);
        }

        var (exitCode, output) = await camera.CertbotRunAsync();

        Assert.True(exitCode == 0, output);
        var problems = new ConfigProblems([], NullLogger<ConfigProblems>.Instance);
        new CertbotProblemsWatcher(camera.ProblemsFile, problems, TimeProvider.System).Refresh();
        var problem = Assert.Single(problems.Snapshot());
        Assert.Equal("CERTBOT_DOMAIN", problem.Key);
        Assert.Contains("could not be repaired", problem.Message, StringComparison.Ordinal);
        Assert.NotEqual(first, Thumbprint(camera.CertFile));
        Assert.Equal(Thumbprint(Path.Combine(camera.Live, "fullchain.pem")), Thumbprint(camera.CertFile));
        Assert.Equal(1, camera.Restarts); // the server had a certificate all along: the new one is reloaded
    }

    /// <summary>The first certificate, with the server (plain HTTP until then) answering the challenge.</summary>
    private static async Task<ServerProcess?> IssueAsync(AcmeCamera camera, bool keepServer = false)
    {
        var server = await camera.StartServerAsync();
        try
        {
            var (exitCode, output) = await camera.CertbotRunAsync();
            Assert.True(exitCode == 0, output + "\n" + server.Output);
            Assert.True(File.Exists(camera.CertFile), output + "\n" + server.Output);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        if (keepServer)
        {
            return server;
        }

        await server.DisposeAsync();
        return null;
    }

    private static void AssertLiveVersion(AcmeCamera camera, int version)
    {
        foreach (var kind in new[] { "cert", "chain", "fullchain", "privkey" })
        {
            Assert.Equal($"../../archive/cam.picam.test/{kind}{version}.pem", new FileInfo(Path.Combine(camera.Live, kind + ".pem")).LinkTarget);
        }
    }

    private HttpClient PlainHttpPort() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{_pebble.HttpPort}/") };

    private static async Task<List<ConfigProblem>> ProblemsAsync(HttpClient client) =>
        [.. (await Json.GetAsync(client, "status")).GetProperty("config_problems").EnumerateArray()
            .Select(p => new ConfigProblem(p.GetProperty("key").GetString()!, p.GetProperty("message").GetString()!))];

    private static string Thumbprint(string pemFile) => X509Certificate2.CreateFromPem(File.ReadAllText(pemFile)).Thumbprint;

    /// <summary>The base64 lines of a PEM private key: what must never show up in a log.</summary>
    private static string[] KeyLines(string pemFile) =>
        [.. File.ReadAllLines(pemFile).Where(line => !line.StartsWith("-----", StringComparison.Ordinal))];
}
