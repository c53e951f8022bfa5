using PiCam.Capture.Process;
using PiCam.Platform;

namespace PiCam.Capture.Webcam;

/// <summary>Finds V4L2 capture devices and what they offer, asking ffmpeg (which the webcam path uses anyway).</summary>
internal static class WebcamDevices
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The given device, or the first that offers MJPEG, else the first capture device; null when none.</summary>
    public static async Task<(string Device, WebcamFormats Formats)?> ChooseAsync(string? device, CancellationToken cancellationToken)
    {
        if (device is not null)
        {
            var formats = await ProbeAsync(device, cancellationToken).ConfigureAwait(false);
            return formats.IsCaptureDevice ? (device, formats) : null;
        }

        (string, WebcamFormats)? firstCapture = null;
        foreach (var candidate in Candidates())
        {
            var formats = await ProbeAsync(candidate, cancellationToken).ConfigureAwait(false);
            if (formats.Mjpeg)
            {
                return (candidate, formats);
            }

            if (formats.IsCaptureDevice)
            {
                firstCapture ??= (candidate, formats);
            }
        }

        return firstCapture;
    }

    /// <summary>/dev/video0, /dev/video1, … in numeric order. The Pi's own codec and ISP nodes answer with no capture formats.</summary>
    public static IEnumerable<string> Candidates(string devRoot = "/dev") =>
        Directory.Exists(devRoot)
            ? Directory.EnumerateFiles(devRoot, "video*")
                .Select(path => (path, number: int.TryParse(Path.GetFileName(path)[5..], out var n) ? n : int.MaxValue))
                .Where(d => d.number != int.MaxValue)
                .OrderBy(d => d.number)
                .Select(d => d.path)
            : [];

    public static async Task<WebcamFormats> ProbeAsync(string device, CancellationToken cancellationToken)
    {
        if (ExecutableFinder.Find(WebcamCommand.Program) is null)
        {
            throw new CameraException("ffmpeg is not installed; it is needed for USB cameras");
        }

        var probe = await ToolRunner.RunAsync(
            WebcamCommand.Program, ["-hide_banner", "-f", "v4l2", "-list_formats", "all", "-i", device], ProbeTimeout, cancellationToken).ConfigureAwait(false);
        return probe.Problem is { } problem ? throw new CameraException(problem) : WebcamFormats.Parse(probe.Output + probe.Errors);
    }
}
