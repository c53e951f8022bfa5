using System.Text;
using Microsoft.Extensions.Configuration;
using PiCam.Platform;

namespace PiCam.Config;

/// <summary>
/// Reads a .env file into configuration; keeps the parsed document so its keys and problems can be reported.
/// The file is read only if it is a regular file of at most <see cref="MaxBytes"/> (<see cref="RegularFile"/>):
/// a FIFO, a device or a huge file is a problem, not a hang or a heap. Only known keys enter the
/// configuration; the rest are reported as unknown and cost nothing more.
/// </summary>
internal sealed class DotEnvConfigurationProvider : ConfigurationProvider
{
    /// <summary>sample.env, every key explained, is about 6 KB; this is forty times that.</summary>
    public const int MaxBytes = 256 * 1024;

    private static readonly FileRole Role = new("a settings file", "name a settings file of KEY=value lines, like sample.env", MaxBytes);

    private readonly DotEnvConfigurationSource _source;

    public DotEnvConfigurationProvider(DotEnvConfigurationSource source) => _source = source;

    public DotEnvDocument Document { get; private set; } = DotEnvDocument.Empty;

    /// <summary>Why the file could not be read, or null.</summary>
    public ConfigProblem? ReadProblem { get; private set; }

    /// <summary>Why a file that exists could not be read (the login then fails closed), or null.</summary>
    public string? Unreadable { get; private set; }

    public override void Load()
    {
        ReadProblem = null;
        Unreadable = null;
        Document = DotEnvDocument.Empty;
        Data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var file = RegularFile.Read(_source.Path, MaxBytes);
        if (file.Bytes is null)
        {
            var reason = Role.Problem(_source.Path, file.Problem);
            if (file.Problem != FileProblem.Missing)
            {
                Unreadable = reason;
                ReadProblem = new ConfigProblem("config", $"{reason}. Using the defaults, and nobody can watch until it is fixed");
            }
            else if (_source.Required)
            {
                ReadProblem = new ConfigProblem("config", $"{reason}; using defaults");
            }

            return;
        }

        Document = DotEnvParser.Parse(Encoding.UTF8.GetString(file.Bytes), ConfigLoader.MaxListedProblems);
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in Document.Entries)
        {
            if (RawSettings.KnownKeys.Contains(entry.Key))
            {
                data[entry.Key] = entry.Value;
            }
        }

        Data = data;
    }
}
