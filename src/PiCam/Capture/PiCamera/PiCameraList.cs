using System.Text.RegularExpressions;

namespace PiCam.Capture.PiCamera;

/// <summary>Parses <c>rpicam-vid --list-cameras</c>: lines like <c>0 : imx708 [4608x2592 10-bit RGGB] (/base/…)</c>.</summary>
internal static partial class PiCameraList
{
    public sealed record Camera(int Index, string Sensor);

    public static IReadOnlyList<Camera> Parse(string output) =>
        [.. CameraLine().Matches(output).Select(m => new Camera(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[2].Value))];

    [GeneratedRegex(@"^\s*(\d+)\s*:\s*(\S+)", RegexOptions.Multiline)]
    private static partial Regex CameraLine();
}
