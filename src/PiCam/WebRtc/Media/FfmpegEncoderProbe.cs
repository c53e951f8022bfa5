using PiCam.Capture.Process;
using PiCam.Platform;

namespace PiCam.WebRtc.Media;

/// <summary>
/// Asks ffmpeg which encoders it was built with, and sysfs which V4L2 devices are encoders: the Pi 4's
/// codec driver names its H.264 encoder node <c>bcm2835-codec-encode</c> (<c>/dev/video11</c>); a Pi 5 has none.
/// </summary>
internal sealed class FfmpegEncoderProbe : IH264EncoderProbe
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private readonly string _sysfs;
    private readonly string _dev;

    public FfmpegEncoderProbe(string sysfs = "/sys/class/video4linux", string dev = "/dev")
    {
        _sysfs = sysfs;
        _dev = dev;
    }

    public async Task<string?> ListEncodersAsync(CancellationToken cancellationToken)
    {
        if (ExecutableFinder.Find("ffmpeg") is not { } ffmpeg)
        {
            return null;
        }

        var result = await ToolRunner.RunAsync(ffmpeg, ["-hide_banner", "-encoders"], Limit, cancellationToken).ConfigureAwait(false);
        return result.Problem is null ? result.Output : null;
    }

    public string? FindM2mEncoder()
    {
        if (!Directory.Exists(_sysfs))
        {
            return null;
        }

        foreach (var node in Directory.EnumerateDirectories(_sysfs, "video*").Order(StringComparer.Ordinal))
        {
            var device = Path.Combine(_dev, Path.GetFileName(node));
            var name = Path.Combine(node, "name");
            try
            {
                if (File.Exists(name) && File.ReadAllText(name).Contains("encode", StringComparison.OrdinalIgnoreCase) && File.Exists(device))
                {
                    return device;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }

        return null;
    }
}
