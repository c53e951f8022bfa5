using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PiCam.Tests.Support;

namespace PiCam.Tests.Acme;

/// <summary>
/// Let's Encrypt's ACME test server on loopback: Debian's <c>pebble</c>, validating HTTP-01 for real against
/// <see cref="HttpPort"/> (the camera's <c>HTTP_PORT</c>), and <c>pebble-challtestsrv</c> as its DNS, answering
/// 127.0.0.1 for every name, so a certificate can be for a name with a dot (<see cref="Domain"/>) as the
/// appliance requires. Debian's package ships no TLS certificate for pebble's own listener, so one is made here,
/// with a CA that certbot is told to trust (<see cref="CaFile"/>, as <c>REQUESTS_CA_BUNDLE</c>).
/// </summary>
public sealed class PebbleFixture : IAsyncLifetime
{
    public const string Domain = "cam.picam.test";

    private readonly TempDirectory _dir = new();
    private readonly List<Process> _processes = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    public int HttpPort { get; } = ServerProcess.FreePort();

    public int DirectoryPort { get; } = ServerProcess.FreePort();

    public int ManagementPort { get; } = ServerProcess.FreePort();

    public int DnsPort { get; } = ServerProcess.FreePort();

    public string DirectoryUrl => $"https://127.0.0.1:{DirectoryPort}/dir";

    /// <summary>The CA of pebble's own HTTPS listener (not of the certificates it issues).</summary>
    public string CaFile => _dir.File("listener-ca.pem");

    /// <summary>The root of the certificates pebble issues; new at every start of pebble.</summary>
    public X509Certificate2 IssuingRoot { get; private set; } = null!;

    public string Output => string.Join('\n', _output);

    public async Task InitializeAsync()
    {
        WriteListenerCertificate();
        await File.WriteAllTextAsync(_dir.File("pebble.json"), $$"""
            {
              "pebble": {
                "listenAddress": "127.0.0.1:{{DirectoryPort}}",
                "managementListenAddress": "127.0.0.1:{{ManagementPort}}",
                "certificate": "{{_dir.File("listener.pem")}}",
                "privateKey": "{{_dir.File("listener-key.pem")}}",
                "httpPort": {{HttpPort}},
                "tlsPort": {{ServerProcess.FreePort()}},
                "ocspResponderURL": "",
                "externalAccountBindingRequired": false
              }
            }
            """);

        // DNS only: every A query is 127.0.0.1, and no AAAA (the camera listens on 127.0.0.1 alone).
        Start("pebble-challtestsrv", ["-dns01", $"127.0.0.1:{DnsPort}", "-http01", "", "-https01", "", "-tlsalpn01", "",
            "-management", $"127.0.0.1:{ServerProcess.FreePort()}", "-defaultIPv4", "127.0.0.1", "-defaultIPv6", ""], []);
        Start("pebble", ["-config", _dir.File("pebble.json"), "-dnsserver", $"127.0.0.1:{DnsPort}"], new()
        {
            ["PEBBLE_VA_NOSLEEP"] = "1", // validate at once, not after a random sleep
            ["PEBBLE_VA_ALWAYS_VALID"] = "0", // really fetch the challenge from the camera
            ["PEBBLE_WFE_NONCEREJECT"] = "0", // no deliberate bad nonces: no retries to make a test flaky
            ["PEBBLE_AUTHZREUSE"] = "0", // every order, renewals too, is validated against the camera again
        });

        using var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && ChainsTo(new X509Certificate2(cert), X509CertificateLoader.LoadCertificateFromFile(CaFile)) },
        });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(DirectoryUrl);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline || _processes.Any(p => p.HasExited))
            {
                throw new InvalidOperationException($"pebble did not start:\n{Output}");
            }

            await Task.Delay(100);
        }

        IssuingRoot = X509Certificate2.CreateFromPem(await client.GetStringAsync($"https://127.0.0.1:{ManagementPort}/roots/0"));
    }

    public Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit();
            }

            process.Dispose();
        }

        _dir.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>True when <paramref name="leaf"/> chains to <paramref name="root"/> through the certificates in <paramref name="extra"/>.</summary>
    public static bool ChainsTo(X509Certificate2 leaf, X509Certificate2 root, X509Certificate2Collection? extra = null)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (extra is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(extra);
        }

        return chain.Build(leaf);
    }

    private void Start(string program, string[] args, Dictionary<string, string> env)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{program} is not installed ({ex.Message}): apt-get install pebble certbot (make deps)", ex);
        }

        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    /// <summary>A CA and a certificate for 127.0.0.1 signed by it, for pebble's own HTTPS listener.</summary>
    private void WriteListenerCertificate()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=picam test CA for pebble", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = request.Create(ca, now.AddMinutes(-5), now.AddDays(2), [1, 2, 3, 4]);

        File.WriteAllText(CaFile, ca.ExportCertificatePem());
        File.WriteAllText(_dir.File("listener.pem"), leaf.ExportCertificatePem());
        File.WriteAllText(_dir.File("listener-key.pem"), key.ExportPkcs8PrivateKeyPem());
    }
}
