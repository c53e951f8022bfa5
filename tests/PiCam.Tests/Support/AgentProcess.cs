using System.Text.Json;

namespace PiCam.Tests.Support;

/// <summary>The real picam as a device agent of a stand-in backend: the simulator as its camera, state in a temporary directory.</summary>
public static class AgentProcess
{
    public static Task<ServerProcess> StartAsync(string backendUrl, string dataDir, string? deviceId, string? token = null, IReadOnlyDictionary<string, string>? env = null)
    {
        var variables = new Dictionary<string, string> { ["DATA_DIR"] = dataDir };
        if (token is not null)
        {
            variables["DEVICE_TOKEN"] = token;
        }

        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        List<string> args = ["--backend", backendUrl, "--video-source", "fake", "--verbose"];
        if (deviceId is not null)
        {
            args.AddRange(["--device-id", deviceId]);
        }

        return ServerProcess.StartAsync(variables, extraArgs: args);
    }

    public static JsonElement Agent(JsonElement status) => status.GetProperty("agent");

    public static bool Connected(JsonElement status) => Agent(status).GetProperty("connected").GetBoolean();
}
