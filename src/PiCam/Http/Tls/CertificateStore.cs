using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PiCam.Config;
using PiCam.Platform;

namespace PiCam.Http.Tls;

/// <summary>
/// Holds the TLS certificate loaded from <c>CERTFILE</c>/<c>KEYFILE</c> (PEM, RSA or EC, with its chain) and
/// reloads it when either file changes on disk: new connections get the new certificate, open streams keep
/// running. Changes are found by polling the files' identity every couple of seconds, which also sees
/// certbot's symlink swaps that file-system events can miss. Only regular files of at most
/// <see cref="MaxPemBytes"/> are read (<see cref="RegularFile"/>), so a FIFO, a device or a huge file can
/// neither hang nor exhaust the server. A file that fails to load becomes a config problem: at start the
/// server serves plain HTTP (so the page and <c>/status</c> can say what is wrong); at runtime it keeps
/// the previous certificate, and tries again when either file changes.
/// </summary>
internal sealed class CertificateStore : BackgroundService
{
    private const string ProblemOwner = "tls";
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private readonly string _certFile;
    private readonly string _keyFile;
    private readonly ConfigProblems _problems;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private SslServerAuthenticationOptions? _options;
    private string _identity = "";

    public CertificateStore(string certFile, string keyFile, ConfigProblems problems, TimeProvider time, ILogger<CertificateStore> logger)
    {
        _certFile = certFile;
        _keyFile = keyFile;
        _problems = problems;
        _time = time;
        _logger = logger;
    }

    /// <summary>The options for the next handshake; null until a certificate has loaded.</summary>
    public SslServerAuthenticationOptions? Current => Volatile.Read(ref _options);

    /// <summary>The certificate being served, for logs and tests.</summary>
    public X509Certificate2? Certificate { get; private set; }

    /// <summary>The largest PEM file read: Let's Encrypt's fullchain.pem is about 5 KB; a key is smaller still.</summary>
    public const int MaxPemBytes = 1024 * 1024;

    /// <summary>Loads the files now; false (with a config problem) when they are unusable.</summary>
    public bool TryLoad()
    {
        var identity = Identity();
        _identity = identity;
        var keep = _options is null ? "serving HTTP until it is fixed" : "still serving the previous certificate";
        var cert = ReadPem(_certFile, "CERTFILE", keep);
        var key = cert is null ? null : ReadPem(_keyFile, "KEYFILE", keep);
        if (cert is null || key is null)
        {
            return false;
        }

        CheckKeyPermissions();
        try
        {
            var leaf = X509Certificate2.CreateFromPem(cert, key);
            var chain = new X509Certificate2Collection();
            chain.ImportFromPem(cert);
            // Everything in CERTFILE after the leaf (Let's Encrypt's fullchain.pem) is sent to clients.
            var intermediates = new X509Certificate2Collection();
            foreach (var other in chain)
            {
                if (other.Thumbprint != leaf.Thumbprint)
                {
                    intermediates.Add(other);
                }
            }

            var options = new SslServerAuthenticationOptions
            {
                ServerCertificateContext = SslStreamCertificateContext.Create(leaf, intermediates, offline: true),
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
                ClientCertificateRequired = false,
            };
            Certificate = leaf;
            Volatile.Write(ref _options, options);
            Log.CertificateLoaded(_logger, leaf.Subject, leaf.NotAfter);
            return true;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            // Never the exception's text (a resource key in the trimmed build): say which file is wrong and how.
            var (problemKey, why) = PemProblem.Diagnose(cert, key, _certFile, _keyFile);
            _problems.Set(ProblemOwner, new ConfigProblem(problemKey, $"{why}; {keep}"));
            return false;
        }
    }

    /// <summary>The file's text when it is a regular file of at most <see cref="MaxPemBytes"/>; else null, with a config problem.</summary>
    private string? ReadPem(string path, string key, string keep)
    {
        var bytes = RegularFile.TryRead(path, MaxPemBytes, out var problem);
        if (bytes is not null)
        {
            return System.Text.Encoding.UTF8.GetString(bytes);
        }

        var what = key == "KEYFILE" ? "the private key (Let's Encrypt's privkey.pem)" : "the certificate chain (Let's Encrypt's fullchain.pem)";
        var role = new FileRole("a PEM file", $"set {key} to the PEM file holding {what}", MaxPemBytes);
        _problems.Set(ProblemOwner, new ConfigProblem(key, $"{role.Problem($"{key} {path}", problem)}; {keep}"));
        return null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (Identity() != _identity && TryLoad())
                {
                    _problems.Set(ProblemOwner, null);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void CheckKeyPermissions()
    {
        UnixFileMode mode;
        try
        {
            mode = File.GetUnixFileMode(_keyFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return; // gone since it was read; the next poll sees it
        }

        var open = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
        _problems.Set("keyfile-mode", (mode & open) == 0 ? null : new ConfigProblem("KEYFILE",
            $"{_keyFile} is readable by other users (mode {Convert.ToString((int)mode, 8)}); run: chmod 600 {_keyFile}"));
    }

    /// <summary>What identifies the files' current contents: resolved target, size and modification time of each.</summary>
    private string Identity() => $"{Describe(_certFile)}|{Describe(_keyFile)}";

    private static string Describe(string path)
    {
        try
        {
            var info = new FileInfo(path);
            var target = info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info;
            return target.Exists ? $"{target.FullName}:{target.Length}:{target.LastWriteTimeUtc.Ticks}" : "missing";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unreadable";
        }
    }
}
