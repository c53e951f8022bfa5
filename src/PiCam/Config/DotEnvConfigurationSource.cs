using Microsoft.Extensions.Configuration;

namespace PiCam.Config;

/// <summary>Adds a .env file to a configuration. A missing file is not an error unless it was asked for by name.</summary>
internal sealed class DotEnvConfigurationSource : IConfigurationSource
{
    public DotEnvConfigurationSource(string path, bool required)
    {
        Path = path;
        Required = required;
    }

    public string Path { get; }

    public bool Required { get; }

    public DotEnvConfigurationProvider? Provider { get; private set; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => Provider = new DotEnvConfigurationProvider(this);
}
