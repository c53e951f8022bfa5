using System.Diagnostics;
using System.Runtime.CompilerServices;
using PiCam.Tests.Support;

namespace PiCam.Tests.Acme;

/// <summary>
/// One appliance, off the Pi: a scratch root for the real certbot scripts (<c>PICAM_ROOT</c>), its
/// <c>picam.env</c> (read by the scripts and by the server alike), a stand-in <c>systemctl</c> that records
/// restarts, and the server started on that file.
/// </summary>
internal sealed class AcmeCamera : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly PebbleFixture _pebble;

    public AcmeCamera(PebbleFixture pebble)
    {
        _pebble = pebble;
        Directory.CreateDirectory(Path.Combine(Root, "boot"));
        Directory.CreateDirectory(Path.Combine(Root, "run", "picam"));
        File.WriteAllText(EnvFile, string.Join('\n',
            "NAME=ACME test camera",
            $"CERTBOT_DOMAIN={PebbleFixture.Domain}",
            $"CERTBOT_SERVER={pebble.DirectoryUrl}",
            $"PORT={Port}",
            $"HTTP_PORT={pebble.HttpPort}",
            // Where a Pi has them, under this camera's root instead.
            $"ACME_WEBROOT={Path.Combine(Root, "run", "picam", "acme-webroot")}",
            $"KEYFILE={KeyFile}",
            $"CERTFILE={CertFile}",
            ""));
        File.WriteAllText(Systemctl, $"#!/bin/sh\necho \"$*\" >>'{SystemctlLog}'\n");
        File.SetUnixFileMode(Systemctl, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Root => _root.Path;

    public string EnvFile => Path.Combine(Root, "boot", "picam.env");

    public int Port { get; } = ServerProcess.FreePort();

    public string LetsEncrypt => Path.Combine(Root, "var", "lib", "picam", "letsencrypt");

    public string Live => Path.Combine(LetsEncrypt, "live", PebbleFixture.Domain);

    public string Archive => Path.Combine(LetsEncrypt, "archive", PebbleFixture.Domain);

    public string CertFile => Path.Combine(Root, "var", "lib", "picam", "tls", "fullchain.pem");

    public string KeyFile => Path.Combine(Root, "var", "lib", "picam", "tls", "privkey.pem");

    public string ProblemsFile => Path.Combine(Root, "run", "picam", "certbot-problems");

    private string Systemctl => Path.Combine(Root, "systemctl");

    private string SystemctlLog => Path.Combine(Root, "systemctl.log");

    /// <summary>How often a script asked systemd to restart the server.</summary>
    public int Restarts => File.Exists(SystemctlLog)
        ? File.ReadAllLines(SystemctlLog).Count(line => line.Contains("try-restart picam.service", StringComparison.Ordinal))
        : 0;

    public static string Script(string name) => Path.Combine(RepositoryRoot(), "overlay", "usr", "lib", "picam", name);

    public void Dispose() => _root.Dispose();

    public Task<ServerProcess> StartServerAsync() => ServerProcess.StartAsync(configFile: EnvFile, port: Port);

    public async Task<ServerProcess> StartHttpsServerAsync(ServedCertificates served)
    {
        var server = await ServerProcess.StartAsync(configFile: EnvFile, scheme: "https", waitUntilReady: false, port: Port);
        await server.WaitUntilReadyAsync(served.Handler());
        return server;
    }

    /// <summary>picam-certbot.service's program.</summary>
    public Task<(int ExitCode, string Output)> CertbotRunAsync() => RunAsync(Script("certbot-run"));

    /// <summary>What <c>certbot renew --force-renewal</c> does with the settings certbot-run stored (deploy hook included).</summary>
    public Task<(int ExitCode, string Output)> ForceRenewalAsync() => RunAsync("certbot", ["renew", "--force-renewal", "--no-random-sleep-on-renew",
        "--config-dir", LetsEncrypt, "--work-dir", Path.Combine(Root, "run", "picam", "certbot", "work"),
        "--logs-dir", Path.Combine(Root, "run", "picam", "certbot", "logs")]);

    /// <summary>The deploy hook, as certbot runs it, on the current lineage.</summary>
    public Task<(int ExitCode, string Output)> DeployHookAsync() =>
        RunAsync(Script("certbot-deploy"), extra: new() { ["RENEWED_LINEAGE"] = Live, ["RENEWED_DOMAINS"] = PebbleFixture.Domain });

    public async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string>? args = null, Dictionary<string, string>? extra = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args ?? [])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PICAM_ROOT"] = Root;
        start.Environment["PICAM_ENV"] = EnvFile;
        start.Environment["PICAM_SYSTEMCTL"] = Systemctl;
        start.Environment["REQUESTS_CA_BUNDLE"] = _pebble.CaFile;
        foreach (var (key, value) in extra ?? [])
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>The checkout this test was compiled from (tests may run from an artifacts path elsewhere).</summary>
    private static string RepositoryRoot([CallerFilePath] string thisFile = "")
    {
        var fromSource = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
        var fromEnvironment = Environment.GetEnvironmentVariable("PICAM_REPO");
        return !string.IsNullOrEmpty(fromEnvironment) ? fromEnvironment : fromSource;
    }
}
