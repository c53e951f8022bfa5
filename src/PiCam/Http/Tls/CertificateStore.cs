using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PiCam.Config;

namespace PiCam.Http.Tls;

/// <summary>
/// Holds the TLS certificate loaded from <c>CERTFILE</c>/<c>KEYFILE</c> (PEM, RSA or EC, with its chain) and
/// reloads it when either file changes on disk: new connections get the new certificate, open streams keep
/// running. Changes are found by polling the files' identity every couple of seconds, which also sees
/// certbot's symlink swaps that file-system events can miss. A file that fails to load keeps the old
/// certificate and becomes a config problem.
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

    /// <summary>Loads the files now; false (with a config problem) when they are unusable.</summary>
    public bool TryLoad()
    {
        var identity = Identity();
        try
        {
            CheckKeyPermissions();
            var leaf = X509Certificate2.CreateFromPemFile(_certFile, _keyFile);
            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(_certFile);
            // Everything in CERTFILE after the leaf (Let's Encrypt's fullchain.pem) is sent to clients.
            var intermediates = new X509Certificate2Collection();
            foreach (var cert in chain)
            {
                if (cert.Thumbprint != leaf.Thumbprint)
                {
                    intermediates.Add(cert);
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
            _identity = identity;
            Log.CertificateLoaded(_logger, leaf.Subject, leaf.NotAfter);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            _identity = identity;
            var keep = _options is null ? "serving HTTP" : "still serving the previous certificate";
            _problems.Set(ProblemOwner, new ConfigProblem("CERTFILE", $"cannot load {_certFile} with {_keyFile}: {ex.Message}; {keep}"));
            return false;
        }
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
        var mode = File.GetUnixFileMode(_keyFile);
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
        catch (IOException)
        {
            return "unreadable";
        }
    }
}
