using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using PiCam.Cli;
using PiCam.Platform;

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

    /// <summary>The boot-time applier's list of problems is read up to this size.</summary>
    public const int MaxSystemProblemsBytes = 64 * 1024;

    /// <summary>The longest message taken from the boot-time applier's list.</summary>
    public const int MaxMessage = 300;

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
        var unlisted = file.Document.UnlistedProblems;
        void Add(ConfigProblem problem)
        {
            if (problems.Count < MaxListedProblems)
            {
                problems.Add(problem);
            }
            else
            {
                unlisted++;
            }
        }

        if (file.ReadProblem is not null)
        {
            Add(file.ReadProblem);
        }

        file.Document.Problems.ToList().ForEach(Add);
        foreach (var entry in file.Document.Entries)
        {
            if (!RawSettings.KnownKeys.Contains(entry.Key) && !RawSettings.SystemKeys.Contains(entry.Key))
            {
                if (problems.Count >= MaxListedProblems)
                {
                    unlisted++; // not even a suggestion is looked for
                    continue;
                }

                var hint = NearMiss.Suggest(entry.Key, [.. RawSettings.KnownKeys, .. RawSettings.SystemKeys]);
                Add(new ConfigProblem(Printable.Text(entry.Key), hint is null
                    ? $"unknown key on line {entry.Line}; ignored"
                    : $"unknown key on line {entry.Line} (did you mean {hint}?); ignored"));
            }
        }

        var (settings, invalid) = SettingsReader.Read(configuration, path);
        invalid.ToList().ForEach(Add);
        SystemProblems(systemProblemsFile).ToList().ForEach(Add);
        if (unlisted > 0)
        {
            problems.Add(new ConfigProblem("config", string.Create(CultureInfo.InvariantCulture,
                $"and {unlisted:N0} more problems are not listed; fix the ones above and restart picam to see the rest")));
        }

        if (options.Verbose)
        {
            settings = settings with { Verbose = true };
        }

        if (file.Unreadable is not null)
        {
            settings = settings with { ConfigReadProblem = file.Unreadable };
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

        return RegularFile.MayExist(bootConfigPath) ? (bootConfigPath, true) : (".env", false);
    }

    /// <summary>The boot-time applier's problems, one <c>KEY: message</c> a line; none when the file is absent.</summary>
    public static IEnumerable<ConfigProblem> SystemProblems(string path)
    {
        // Written by our own boot script, but from the user's file: bounded and made printable all the same.
        var file = RegularFile.Read(path, MaxSystemProblemsBytes);
        if (file.Bytes is null)
        {
            return file.Problem == FileProblem.Missing
                ? []
                : [new ConfigProblem("system", "the problems found applying the settings at boot cannot be shown here; see journalctl -u picam-config")];
        }

        return Encoding.UTF8.GetString(file.Bytes).Split('\n')
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Take(MaxListedProblems)
            .Select(line => line.Split(':', 2) is [var key, var message]
                ? new ConfigProblem(Printable.Text(key.Trim()), Printable.Text(message.Trim(), MaxMessage))
                : new ConfigProblem("system", Printable.Text(line.Trim(), MaxMessage)))
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
