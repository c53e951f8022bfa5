using Microsoft.Extensions.Configuration;
using PiCam.Cli;

namespace PiCam.Config;

/// <summary>
/// Builds the configuration in order of precedence: defaults &lt; the .env file &lt; environment variables &lt;
/// command-line flags, then validates it. The file is <c>--config PATH</c>, else <c>PICAM_CONFIG</c>,
/// else <c>/boot/firmware/picam.env</c> when it exists, else <c>./.env</c>.
/// </summary>
internal static class ConfigLoader
{
    public const string BootPartitionConfig = "/boot/firmware/picam.env";

    /// <summary>At most this many problems are listed; the rest are counted in one last "and N more".</summary>
    public const int MaxListedProblems = 50;

    /// <summary>Where <c>picam-config.service</c> leaves the problems it found applying the OS keys at boot.</summary>
    public const string SystemProblemsFile = "/run/picam/config-problems";

    public static (PicamSettings Settings, IReadOnlyList<ConfigProblem> Problems) Load(
        CommandLineOptions options,
        Func<string, string?> environment,
        string bootConfigPath = BootPartitionConfig,
        string systemProblemsFile = SystemProblemsFile)
    {
        var (path, required) = ResolvePath(options.ConfigPath, environment("PICAM_CONFIG"), bootConfigPath);
        var source = new DotEnvConfigurationSource(path, required);
        var configuration = new ConfigurationBuilder()
            .Add(source)
            .AddInMemoryCollection(KnownEnvironment(environment))
            .AddInMemoryCollection(options.Overrides)
            .Build();

        var file = source.Provider!;
        var problems = new List<ConfigProblem>();
        if (file.ReadProblem is not null)
        {
            problems.Add(file.ReadProblem);
        }

        problems.AddRange(file.Document.Problems);
        foreach (var entry in file.Document.Entries)
        {
            if (!RawSettings.KnownKeys.Contains(entry.Key) && !RawSettings.SystemKeys.Contains(entry.Key))
            {
                var hint = NearMiss.Suggest(entry.Key, [.. RawSettings.KnownKeys, .. RawSettings.SystemKeys]);
                problems.Add(new ConfigProblem(entry.Key, hint is null
                    ? $"unknown key on line {entry.Line}; ignored"
                    : $"unknown key on line {entry.Line} (did you mean {hint}?); ignored"));
            }
        }

        var (settings, invalid) = SettingsReader.Read(configuration, path);
        problems.AddRange(invalid);
        problems.AddRange(SystemProblems(systemProblemsFile));
        if (options.Verbose)
        {
            settings = settings with { Verbose = true };
        }

        return (settings, problems);
    }

    public static (string Path, bool Required) ResolvePath(string? flag, string? environmentPath, string bootConfigPath)
    {
        if (!string.IsNullOrEmpty(flag))
        {
            return (flag, true);
        }

        if (!string.IsNullOrEmpty(environmentPath))
        {
            return (environmentPath, true);
        }

        return File.Exists(bootConfigPath) ? (bootConfigPath, true) : (".env", false);
    }

    /// <summary>The boot-time applier's problems, one <c>KEY: message</c> a line; none when the file is absent.</summary>
    public static IEnumerable<ConfigProblem> SystemProblems(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        return lines
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line => line.Split(':', 2) is [var key, var message]
                ? new ConfigProblem(key.Trim(), message.Trim())
                : new ConfigProblem("system", line.Trim()))
            .ToList();
    }

    /// <summary>Only our own keys are taken from the environment, so unrelated variables cannot leak in.</summary>
    private static Dictionary<string, string?> KnownEnvironment(Func<string, string?> environment)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in RawSettings.KnownKeys)
        {
            var value = environment(key);
            if (value is not null)
            {
                values[key] = value;
            }
        }

        return values;
    }
}
