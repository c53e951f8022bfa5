using Microsoft.Extensions.Logging;

namespace PiCam.Config;

/// <summary>
/// Everything wrong with the configuration, as shown on <c>/status</c> and the viewer page. Problems found
/// while reading the file are fixed at start; runtime ones (a certificate that stops loading) are set and
/// cleared by the part that owns them, under a key of their own.
/// </summary>
internal sealed class ConfigProblems
{
    private readonly Lock _gate = new();
    private readonly List<ConfigProblem> _startup;
    private readonly Dictionary<string, ConfigProblem> _runtime = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    public ConfigProblems(IEnumerable<ConfigProblem> startup, ILogger<ConfigProblems> logger)
    {
        _startup = [.. startup];
        _logger = logger;
    }

    public IReadOnlyList<ConfigProblem> Snapshot()
    {
        lock (_gate)
        {
            return [.. _startup, .. _runtime.Values];
        }
    }

    public void LogStartupProblems()
    {
        foreach (var problem in _startup)
        {
            Log.ConfigProblem(_logger, problem.Key, problem.Message);
        }
    }

    /// <summary>Sets (or with null clears) the runtime problem owned by <paramref name="owner"/>; logs each new one once.</summary>
    public void Set(string owner, ConfigProblem? problem)
    {
        lock (_gate)
        {
            if (problem is null)
            {
                _runtime.Remove(owner);
                return;
            }

            if (_runtime.TryGetValue(owner, out var existing) && existing == problem)
            {
                return;
            }

            _runtime[owner] = problem;
        }

        Log.ConfigProblem(_logger, problem.Key, problem.Message);
    }
}
