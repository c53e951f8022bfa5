namespace PiCam.Cli;

/// <summary>What the command line asked for. Flags that set configuration keys are in <see cref="Overrides"/>.</summary>
internal sealed class CommandLineOptions
{
    public string? ConfigPath { get; init; }
    public bool Verbose { get; init; }
    public bool ShowHelp { get; init; }
    public bool ShowVersion { get; init; }

    /// <summary>Why the command line could not be understood, or null.</summary>
    public string? Error { get; init; }
    public Dictionary<string, string?> Overrides { get; init; } = new(StringComparer.OrdinalIgnoreCase);
}
