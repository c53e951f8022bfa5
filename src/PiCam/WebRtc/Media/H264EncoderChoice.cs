using System.Globalization;
using PiCam.Capture.Jpeg;

namespace PiCam.WebRtc.Media;

/// <summary>
/// The encoder of the derived path (H.264 from the MJPEG): the Pi 4's hardware encoder, <c>h264_v4l2m2m</c>,
/// when ffmpeg has it AND a V4L2 encoder device exists (a Debian ffmpeg lists it everywhere, even on a
/// machine with no such device); else libx264 <c>ultrafast</c>/<c>zerolatency</c>. Either way constrained
/// baseline, no B-frames, a keyframe each second with SPS/PPS in front of it.
/// </summary>
internal sealed record H264EncoderChoice(string Encoder, string? Device)
{
    public const string Hardware = "h264_v4l2m2m";
    public const string Software = "libx264";

    /// <summary>
    /// One slice a picture (one thread; zerolatency's sliced threads would cut it into several) and each NAL unit behind
    /// its length instead of a start code, so <see cref="LengthPrefixedSplitter"/> publishes a picture as its slice ends.
    /// </summary>
    public const string X264Parameters = "aud=1:repeat-headers=1:annexb=0:threads=1";

    public bool IsHardware => Encoder == Hardware;

    /// <summary>The splitter for this encoder's output: length-prefixed from libx264, Annex-B from the V4L2 encoder.</summary>
    public IAccessUnitSplitter NewSplitter() => IsHardware ? new AccessUnitSplitter() : new LengthPrefixedSplitter();

    public static async Task<H264EncoderChoice> ChooseAsync(IH264EncoderProbe probe, CancellationToken cancellationToken)
    {
        var encoders = await probe.ListEncodersAsync(cancellationToken).ConfigureAwait(false);
        var listed = encoders is not null && encoders.Split('\n').Any(line =>
            line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var name, ..] && name == Hardware);
        return listed && probe.FindM2mEncoder() is { } device ? new H264EncoderChoice(Hardware, device) : new H264EncoderChoice(Software, null);
    }

    /// <summary>
    /// The encoder's command line: raw pictures of <paramref name="input"/> in (picam decodes the JPEGs, so ffmpeg's
    /// demuxer never waits for the next JPEG to find where one ends: that wait cost about two frames of lag),
    /// constrained baseline Annex-B out, one picture out per picture in.
    /// </summary>
    public IReadOnlyList<string> Arguments(int framerate, YuvFormat input)
    {
        var fps = framerate.ToString(CultureInfo.InvariantCulture);
        var (width, height) = (input.Width, input.Height);
        List<string> args =
        [
            "-hide_banner", "-loglevel", "error", "-nostdin",
            "-f", "rawvideo", "-pix_fmt", input.PixelFormat ?? "yuv420p",
            "-video_size", string.Create(CultureInfo.InvariantCulture, $"{width}x{height}"), "-framerate", fps,
            "-i", "pipe:0", "-an", // no -probesize 32: with it ffmpeg holds one picture back
        ];
        if (IsHardware)
        {
            // The V4L2 wrapper takes no x264 options: profile 66 is baseline, and dump_extra puts SPS/PPS before every keyframe.
            args.AddRange(["-c:v", Hardware, "-b:v", H264Bitrate.For(width, height, framerate).ToString(CultureInfo.InvariantCulture),
                "-profile:v", "66", "-bf", "0", "-g", fps, "-pix_fmt", "yuv420p", "-bsf:v", "dump_extra"]);
        }
        else
        {
            args.AddRange(["-c:v", Software, "-preset", "ultrafast", "-tune", "zerolatency", "-profile:v", "baseline",
                "-bf", "0", "-g", fps, "-pix_fmt", "yuv420p", "-x264-params", X264Parameters]);
        }

        // libx264's NAL units are length-prefixed (annexb=0), which only the raw "data" muxer passes through as they are.
        args.AddRange(["-map", "0:v", "-fps_mode", "passthrough", "-flush_packets", "1", "-f", IsHardware ? "h264" : "data", "pipe:1"]);
        return args;
    }
}
