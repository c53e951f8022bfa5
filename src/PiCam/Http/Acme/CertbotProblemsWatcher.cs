using Microsoft.Extensions.Hosting;
using PiCam.Config;

namespace PiCam.Http.Acme;

/// <summary>
/// Shows on <c>/status</c> what the last <c>picam-certbot</c> run could not do (a failed request, <c>live/</c>
/// links beyond repair, a peer that refused the certificate). That run, which happens while the server is up,
/// rewrites <see cref="AcmePaths.ProblemsFile"/> whole; this polls it (a stat every few seconds) and mirrors its
/// lines as runtime problems (which <see cref="ConfigProblems"/> logs once each), so they appear and clear
/// without a restart.
/// </summary>
internal sealed class CertbotProblemsWatcher : BackgroundService
{
    private const string OwnerPrefix = "certbot:";
    private const int MaxProblems = 20;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    private readonly string _path;
    private readonly ConfigProblems _problems;
    private readonly TimeProvider _time;
    private string _identity = "";
    private int _shown;

    public CertbotProblemsWatcher(string path, ConfigProblems problems, TimeProvider time)
    {
        _path = path;
        _problems = problems;
        _time = time;
    }

    /// <summary>Reads the file again if it changed (or appeared, or went away).</summary>
    public void Refresh()
    {
        var identity = Identity();
        if (identity == _identity)
        {
            return;
        }

        _identity = identity;
        var lines = ConfigLoader.SystemProblems(_path).Take(MaxProblems).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            _problems.Set(OwnerPrefix + i, lines[i]);
        }

        for (var i = lines.Count; i < _shown; i++)
        {
            _problems.Set(OwnerPrefix + i, null);
        }

        _shown = lines.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Refresh();
        using var timer = new PeriodicTimer(PollInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Refresh();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private string Identity()
    {
        try
        {
            var file = new FileInfo(_path);
            return file.Exists ? $"{file.Length}:{file.LastWriteTimeUtc.Ticks}" : "missing";
        }
        catch (IOException)
        {
            return "unreadable";
        }
    }
}
