namespace PiCam.Capture.Webcam;

/// <summary>
/// What a V4L2 device offers, parsed from <c>ffmpeg -f v4l2 -list_formats all</c>, whose lines look like
/// <c>[video4linux2,v4l2 @ 0x…] Compressed:       mjpeg :          Motion-JPEG : 1280x720 640x480</c>.
/// </summary>
internal sealed record WebcamFormats(bool Mjpeg, IReadOnlyList<string> RawFormats)
{
    /// <summary>The camera encodes H.264 itself (a UVC H.264 camera such as the C920): passed through to WebRTC.</summary>
    public bool H264 { get; init; }

    public bool IsCaptureDevice => Mjpeg || H264 || RawFormats.Count > 0;

    public static WebcamFormats Parse(string ffmpegOutput)
    {
        var mjpeg = false;
        var h264 = false;
        var raw = new List<string>();
        foreach (var line in ffmpegOutput.Split('\n'))
        {
            var fields = line.Split(':', StringSplitOptions.TrimEntries);
            if (fields.Length < 3)
            {
                continue;
            }

            var kind = fields[0][(fields[0].LastIndexOf(']') + 1)..].Trim();
            if (kind == "Compressed" && fields[1] is "mjpeg" or "jpeg")
            {
                mjpeg = true;
            }
            else if (kind == "Compressed" && fields[1] == "h264")
            {
                h264 = true;
            }
            else if (kind == "Raw")
            {
                raw.Add(fields[1]);
            }
        }

        return new WebcamFormats(mjpeg, raw) { H264 = h264 };
    }
}
