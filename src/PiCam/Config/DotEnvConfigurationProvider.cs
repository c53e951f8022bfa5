using Microsoft.Extensions.Configuration;

namespace PiCam.Config;

/// <summary>Reads a .env file into configuration; keeps the parsed document so its keys and problems can be reported.</summary>
internal sealed class DotEnvConfigurationProvider : ConfigurationProvider
{
    private readonly DotEnvConfigurationSource _source;

    public DotEnvConfigurationProvider(DotEnvConfigurationSource source) => _source = source;

    public DotEnvDocument Document { get; private set; } = DotEnvDocument.Empty;

    /// <summary>Why the file could not be read, or null.</summary>
    public ConfigProblem? ReadProblem { get; private set; }

    public override void Load()
    {
        ReadProblem = null;
        string text;
        try
        {
            text = File.ReadAllText(_source.Path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            Document = DotEnvDocument.Empty;
            if (_source.Required)
            {
                ReadProblem = new ConfigProblem("config", $"{_source.Path} does not exist; using defaults");
            }

            Data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Document = DotEnvDocument.Empty;
            ReadProblem = new ConfigProblem("config", $"{_source.Path} cannot be read ({ex.Message}); using defaults");
            Data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            return;
        }

        Document = DotEnvParser.Parse(text);
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in Document.Entries)
        {
            data[entry.Key] = entry.Value;
        }

        Data = data;
    }
}
