using PiCam.Capture.Jpeg;
using PiCam.WebRtc.Media;

namespace PiCam.Tests.WebRtc.Media;

public sealed class H264EncoderChoiceTests
{
    private const string WithV4l2m2m = """
        Encoders:
         V..... = Video
         ------
         V....D libx264              libx264 H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 (codec h264)
         V..... h264_v4l2m2m         V4L2 mem2mem H.264 encoder wrapper (codec h264)
         V....D mjpeg                MJPEG (Motion JPEG)
        """;

    private const string WithoutV4l2m2m = """
        Encoders:
         V....D libx264              libx264 H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 (codec h264)
         V....D mjpeg                MJPEG (Motion JPEG) (mentions h264_v4l2m2m only in passing)
        """;

    private sealed class FakeProbe(string? encoders, string? device) : IH264EncoderProbe
    {
        public Task<string?> ListEncodersAsync(CancellationToken cancellationToken) => Task.FromResult(encoders);

        public string? FindM2mEncoder() => device;
    }

    [Fact]
    public async Task Choose_FfmpegHasV4l2m2mAndAnEncoderDeviceExists_PicksTheHardwareEncoder()
    {
        var choice = await H264EncoderChoice.ChooseAsync(new FakeProbe(WithV4l2m2m, "/dev/video11"), CancellationToken.None);

        Assert.Equal("h264_v4l2m2m", choice.Encoder);
        Assert.Equal("/dev/video11", choice.Device);
    }

    [Theory]
    [InlineData(WithV4l2m2m, null)] // a Debian ffmpeg lists it on any machine; a Pi 5 has no encoder device
    [InlineData(WithoutV4l2m2m, "/dev/video11")]
    [InlineData(null, "/dev/video11")] // ffmpeg cannot be run
    public async Task Choose_WithoutBothTheEncoderAndTheDevice_FallsBackToLibx264(string? encoders, string? device)
    {
        var choice = await H264EncoderChoice.ChooseAsync(new FakeProbe(encoders, device), CancellationToken.None);

        Assert.Equal("libx264", choice.Encoder);
        Assert.Null(choice.Device);
    }

    [Fact]
    public void Arguments_Libx264_AreUltrafastZerolatencyBaselineWithoutBFrames()
    {
        var args = new H264EncoderChoice("libx264", null).Arguments(30, new YuvFormat(960, 540, 2));

        Assert.Equal("libx264", After(args, "-c:v"));
        Assert.Equal("ultrafast", After(args, "-preset"));
        Assert.Equal("zerolatency", After(args, "-tune"));
        Assert.Equal("baseline", After(args, "-profile:v"));
        Assert.Equal("0", After(args, "-bf"));
        Assert.Equal("30", After(args, "-g"));
        Assert.Equal("aud=1:repeat-headers=1:annexb=0:threads=1", After(args, "-x264-params"));
        Assert.Equal("pipe:1", args[^1]);
    }

    [Fact]
    public void Arguments_TakeRawPicturesOfTheDecodedJpegsSizeAndSubsampling()
    {
        var args = new H264EncoderChoice("libx264", null).Arguments(30, new YuvFormat(1280, 720, 1));

        Assert.Equal("rawvideo", After(args, "-f"));
        Assert.Equal("yuv422p", After(args, "-pix_fmt"));
        Assert.Equal("1280x720", After(args, "-video_size"));
        Assert.Equal("30", After(args, "-framerate"));
        Assert.Equal("yuv420p", args[args.ToList().LastIndexOf("-pix_fmt") + 1]);
    }

    [Fact]
    public void Arguments_V4l2m2m_AskBaselineAKeyframeASecondAndSpsPpsBeforeEachKeyframe()
    {
        var args = new H264EncoderChoice("h264_v4l2m2m", "/dev/video11").Arguments(25, new YuvFormat(960, 540, 2));

        Assert.Equal("h264_v4l2m2m", After(args, "-c:v"));
        Assert.Equal("66", After(args, "-profile:v"));
        Assert.Equal("0", After(args, "-bf"));
        Assert.Equal("25", After(args, "-g"));
        Assert.Equal("dump_extra", After(args, "-bsf:v"));
        Assert.Equal("1296000", After(args, "-b:v"));
        Assert.DoesNotContain("-x264-params", args);
    }

    [Fact]
    public async Task FfmpegEncoderProbe_OnThisMachine_ListsLibx264AndFindsNoEncoderDeviceInAnEmptySysfs()
    {
        using var sysfs = new Support.TempDirectory();
        var probe = new FfmpegEncoderProbe(sysfs.Path, sysfs.Path);

        Assert.Contains("libx264", await probe.ListEncodersAsync(CancellationToken.None), StringComparison.Ordinal);
        Assert.Null(probe.FindM2mEncoder());
    }

    [Fact]
    public void FfmpegEncoderProbe_ASysfsNodeNamedAsTheCodecsEncoder_IsTheDevice()
    {
        using var root = new Support.TempDirectory();
        Directory.CreateDirectory(Path.Combine(root.Path, "sys", "video10"));
        File.WriteAllText(Path.Combine(root.Path, "sys", "video10", "name"), "bcm2835-codec-decode\n");
        Directory.CreateDirectory(Path.Combine(root.Path, "sys", "video11"));
        File.WriteAllText(Path.Combine(root.Path, "sys", "video11", "name"), "bcm2835-codec-encode\n");
        Directory.CreateDirectory(Path.Combine(root.Path, "dev"));
        File.WriteAllText(Path.Combine(root.Path, "dev", "video10"), "");
        File.WriteAllText(Path.Combine(root.Path, "dev", "video11"), "");

        var probe = new FfmpegEncoderProbe(Path.Combine(root.Path, "sys"), Path.Combine(root.Path, "dev"));

        Assert.Equal(Path.Combine(root.Path, "dev", "video11"), probe.FindM2mEncoder());
    }

    private static string After(IReadOnlyList<string> args, string option)
    {
        var at = args.ToList().IndexOf(option);
        Assert.True(at >= 0 && at + 1 < args.Count, $"{option} missing from: {string.Join(' ', args)}");
        return args[at + 1];
    }
}
