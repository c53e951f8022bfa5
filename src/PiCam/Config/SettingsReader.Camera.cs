using System.Globalization;

namespace PiCam.Config;

/// <summary>Validation of the camera keys: VIDEO_SOURCE, ROTATION and the status light.</summary>
internal sealed partial class SettingsReader
{
    private VideoSourceSpec VideoSource(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return DefaultVideoSource;
        }

        var colon = text.IndexOf(':');
        var kind = (colon < 0 ? text : text[..colon]).Trim().ToLowerInvariant();
        var argument = colon < 0 ? null : text[(colon + 1)..].Trim();
        switch (kind)
        {
            case "simulator" or "fake" when argument is null:
                return VideoSourceSpec.Simulator;
            case "auto" when argument is null:
                return new VideoSourceSpec(VideoSourceKind.Auto);
            case "picamera" or "camera" when argument is null:
                return new VideoSourceSpec(VideoSourceKind.PiCamera);
            case "webcam" when string.IsNullOrEmpty(argument) || argument.StartsWith("/dev/", StringComparison.Ordinal):
                return new VideoSourceSpec(VideoSourceKind.Webcam, string.IsNullOrEmpty(argument) ? null : argument);
            case "command" when !string.IsNullOrEmpty(argument):
                if (CommandLine.Split(argument) is { Count: > 0 })
                {
                    return new VideoSourceSpec(VideoSourceKind.Command, argument);
                }

                break;
            case "file" when !string.IsNullOrEmpty(argument):
                var (problem, _) = Platform.RegularFile.Check(argument);
                if (problem == Platform.FileProblem.None)
                {
                    return new VideoSourceSpec(VideoSourceKind.File, argument);
                }

                Problem("VIDEO_SOURCE", $"{Capture.FileSource.Explain(argument, problem)}; using the simulator");
                return VideoSourceSpec.Simulator;
        }

        text = UrlCredentials.Redact(text); // a command may hold a camera's password
        var what = KnownSources.Contains(kind)
            ? $"{Printable.Quote(text)} does not fit the form of {kind}"
            : NearMiss.Suggest(kind, KnownSources) is { } hint ? $"{Printable.Quote(text)} is not a video source (did you mean '{hint}'?)" : $"{Printable.Quote(text)} is not a video source";
        Problem("VIDEO_SOURCE", $"{what}; expected auto, picamera, webcam[:/dev/videoN], command:PROGRAM ARGS, file:PATH or simulator; using {DefaultVideoSource}");
        return DefaultVideoSource;
    }

    private static readonly string[] KnownSources = ["auto", "picamera", "webcam", "command", "file", "simulator", "fake", "camera"];

    /// <summary><c>auto</c> on a Raspberry Pi, the simulator anywhere else.</summary>
    public static VideoSourceSpec DefaultVideoSource { get; set; } =
        IsRaspberryPi() ? new VideoSourceSpec(VideoSourceKind.Auto) : VideoSourceSpec.Simulator;

    private static bool IsRaspberryPi()
    {
        try
        {
            return File.ReadAllText("/proc/device-tree/model").Contains("Raspberry Pi", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private int? GpioLine(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var line) && line <= 511)
        {
            return line;
        }

        Problem("STATUS_LED_GPIO", $"{Printable.Quote(value)} is not a GPIO line number (0-511, BCM numbering); no status light");
        return null;
    }

    private int Rotation(string? value)
    {
        var rotation = Int("ROTATION", value, 0, 359, 0, "a rotation");
        if (rotation is 0 or 180)
        {
            return rotation;
        }

        Problem("ROTATION", $"{Printable.Quote(value)} is not supported: the camera can rotate by 0 or 180 (use HFLIP/VFLIP to mirror); using 0");
        return 0;
    }

    private string ChipName(string? value, string fallback)
    {
        var chip = value?.Trim();
        if (string.IsNullOrEmpty(chip))
        {
            return fallback;
        }

        if (chip.StartsWith("gpiochip", StringComparison.Ordinal) && chip.Length > 8 && chip[8..].All(char.IsAsciiDigit))
        {
            return chip;
        }

        Problem("STATUS_LED_CHIP", $"{Printable.Quote(value)} is not a GPIO chip name like gpiochip0; using {fallback}");
        return fallback;
    }
}
