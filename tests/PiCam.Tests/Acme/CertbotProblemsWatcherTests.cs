using Microsoft.Extensions.Logging.Abstractions;
using PiCam.Config;
using PiCam.Http.Acme;
using PiCam.Tests.Support;

namespace PiCam.Tests.Acme;

/// <summary>What picam-certbot could not do shows on /status, and goes away when a later run succeeds.</summary>
public sealed class CertbotProblemsWatcherTests : IDisposable
{
    private readonly TempDirectory _run = new();
    private readonly ConfigProblems _problems = new([new ConfigProblem("NAME", "from the file")], NullLogger<ConfigProblems>.Instance);
    private readonly CertbotProblemsWatcher _watcher;

    public CertbotProblemsWatcherTests() =>
        _watcher = new CertbotProblemsWatcher(_run.File("certbot-problems"), _problems, TimeProvider.System);

    public void Dispose() => _run.Dispose();

    [Fact]
    public void Each_line_of_the_file_becomes_a_problem_with_its_key()
    {
        _run.Write("certbot-problems", "CERTBOT_DOMAIN: could not get a certificate: Timeout\nCERT_PEERS: could not send to garden:22\n");

        _watcher.Refresh();

        Assert.Contains(new ConfigProblem("CERTBOT_DOMAIN", "could not get a certificate: Timeout"), _problems.Snapshot());
        Assert.Contains(new ConfigProblem("CERT_PEERS", "could not send to garden:22"), _problems.Snapshot());
        Assert.Contains(new ConfigProblem("NAME", "from the file"), _problems.Snapshot());
    }

    [Fact]
    public void A_later_run_that_rewrites_the_file_replaces_the_problems()
    {
        _run.Write("certbot-problems", "CERTBOT_DOMAIN: first\nCERT_PEERS: second\n");
        _watcher.Refresh();
        File.Delete(_run.File("certbot-problems"));
        _run.Write("certbot-problems", "CERT_PEERS: only this one now\n");
        File.SetLastWriteTimeUtc(_run.File("certbot-problems"), DateTime.UtcNow.AddSeconds(1));

        _watcher.Refresh();

        var certbot = _problems.Snapshot().Where(p => p.Key != "NAME").ToList();
        Assert.Equal([new ConfigProblem("CERT_PEERS", "only this one now")], certbot);
    }

    [Fact]
    public void An_empty_or_missing_file_clears_them()
    {
        _run.Write("certbot-problems", "CERTBOT_DOMAIN: broken\n");
        _watcher.Refresh();
        _run.Write("certbot-problems", "");
        File.SetLastWriteTimeUtc(_run.File("certbot-problems"), DateTime.UtcNow.AddSeconds(1));
        _watcher.Refresh();
        Assert.Equal([new ConfigProblem("NAME", "from the file")], _problems.Snapshot());

        _run.Write("certbot-problems", "CERTBOT_DOMAIN: broken again\n");
        File.SetLastWriteTimeUtc(_run.File("certbot-problems"), DateTime.UtcNow.AddSeconds(2));
        _watcher.Refresh();
        File.Delete(_run.File("certbot-problems"));
        _watcher.Refresh();
        Assert.Equal([new ConfigProblem("NAME", "from the file")], _problems.Snapshot());
    }
}
