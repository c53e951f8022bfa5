using System.Reflection;

namespace PiCam;

/// <summary>The build's version and when this process started.</summary>
internal sealed class AppInfo
{
    public AppInfo(TimeProvider time) => StartedAt = time.GetTimestamp();

    public static string Version { get; } =
        typeof(AppInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public long StartedAt { get; }
}
