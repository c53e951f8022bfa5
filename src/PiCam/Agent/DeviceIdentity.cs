using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using PiCam.Config;

namespace PiCam.Agent;

/// <summary>
/// The agent's device ID: DEVICE_ID when set (nothing is written then, so agents side by side never share a
/// file); else one generated once and kept in <c>DATA_DIR/device-id</c> (on the appliance the data partition,
/// /var/lib/picam, which survives reboots and the read-only root).
/// </summary>
internal static class DeviceIdentity
{
    public const string FileName = "device-id";

    public static string Resolve(PicamSettings settings, ILogger logger)
    {
        if (settings.DeviceId is { } configured)
        {
            return configured;
        }

        var path = Path.Combine(settings.DataDir, FileName);
        try
        {
            if (File.Exists(path))
            {
                var kept = File.ReadAllText(path).Trim();
                if (SettingsReader.IsDeviceId(kept))
                {
                    return kept;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AgentLog.DeviceIdNotKept(logger, path, ex.Message);
            return Generate();
        }

        var id = Generate();
        try
        {
            Directory.CreateDirectory(settings.DataDir);
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, id + "\n");
            File.Move(temporary, path, overwrite: true);
            AgentLog.DeviceIdGenerated(logger, id, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AgentLog.DeviceIdNotKept(logger, path, ex.Message);
        }

        return id;
    }

    private static string Generate() => "picam-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
