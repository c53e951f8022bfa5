using System.Globalization;
using PiCam.Capture.Webcam;
using PiCam.Config;

namespace PiCam.Tests.Capture.Camera;

public sealed class WebcamCommandTests
{
    private const string Device = "/dev/video2";

    private static readonly WebcamFormats Mjpeg = new(true, ["yuyv422"]);
    private static readonly WebcamFormats RawOnly = new(false, ["yuyv422"]);

    private static readonly PicamSettings Settings = new() { Width = 1280, Height = 720, Framerate = 25, Quality = 80 };

    private static void AssertOption(IReadOnlyList<string> args, string option, string value)
    {
        var at = args.ToList().IndexOf(option);
        Assert.True(at >= 0, $"{option} missing from: {string.Join(' ', args)}");
        Assert.True(at + 1 < args.Count, $"{option} has no value");
        Assert.Equal(value, args[at + 1]);
    }

    [Fact]
    public void Build_Mjpeg_AsksForMjpegAndCopiesIt()
    {
        var command = WebcamCommand.Build(Device, Mjpeg, Settings);

        Assert.Equal("ffmpeg", command.Program);
        AssertOption(command.Arguments, "-f", "v4l2");
        AssertOption(command.Arguments, "-input_format", "mjpeg");
        AssertOption(command.Arguments, "-c:v", "copy");
        Assert.DoesNotContain("-q:v", command.Arguments);
        Assert.DoesNotContain("-pix_fmt", command.Arguments);
    }

    [Fact]
    public void Build_RawOnly_EncodesToMjpegAtTheMappedQuality()
    {
        var command = WebcamCommand.Build(Device, RawOnly, Settings);

        AssertOption(command.Arguments, "-c:v", "mjpeg");
        AssertOption(command.Arguments, "-q:v", WebcamCommand.FfmpegQuality(80));
        Assert.DoesNotContain("-input_format", command.Arguments);
        Assert.DoesNotContain("copy", command.Arguments);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Build_EitherKind_PassesSizeRateAndDeviceAsInputOptions(bool mjpeg)
    {
        var args = WebcamCommand.Build(Device, mjpeg ? Mjpeg : RawOnly, Settings).Arguments.ToList();

        AssertOption(args, "-video_size", "1280x720");
        AssertOption(args, "-framerate", "25");
        AssertOption(args, "-i", Device);
        var input = args.IndexOf("-i");
        Assert.True(args.IndexOf("-video_size") < input, "-video_size must come before -i to apply to the camera");
        Assert.True(args.IndexOf("-framerate") < input, "-framerate must come before -i to apply to the camera");
        Assert.True(args.IndexOf("-f") < input, "-f v4l2 must come before -i");
        Assert.True(args.IndexOf("-c:v") > input, "-c:v is an output option");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Build_EitherKind_EndsWithMjpegToStdout(bool mjpeg)
    {
        var args = WebcamCommand.Build(Device, mjpeg ? Mjpeg : RawOnly, Settings).Arguments;

        Assert.Equal(["-f", "mjpeg", "-"], args.TakeLast(3));
    }

    [Fact]
    public void Build_Mjpeg_DescriptionSaysPassedThrough()
    {
        var description = WebcamCommand.Build(Device, Mjpeg, Settings).Description;

        Assert.Contains(Device, description, StringComparison.Ordinal);
        Assert.Contains("passed through", description, StringComparison.Ordinal);
        Assert.DoesNotContain("encoded", description, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_RawOnly_DescriptionSaysEncodedAndNamesTheRawFormat()
    {
        var description = WebcamCommand.Build(Device, RawOnly, Settings).Description;

        Assert.Contains(Device, description, StringComparison.Ordinal);
        Assert.Contains("encoded", description, StringComparison.Ordinal);
        Assert.Contains("yuyv422", description, StringComparison.Ordinal);
        Assert.DoesNotContain("passed through", description, StringComparison.Ordinal);
    }

    [Fact]
    public void FfmpegQuality_100_IsTheBestScale2()
    {
        Assert.Equal("2", WebcamCommand.FfmpegQuality(100));
    }

    [Fact]
    public void FfmpegQuality_1_IsTheWorstScale31()
    {
        Assert.Equal("31", WebcamCommand.FfmpegQuality(1));
    }

    [Fact]
    public void FfmpegQuality_HigherQuality_NeverGivesALargerQ()
    {
        var previous = int.MaxValue;
        for (var quality = 1; quality <= 100; quality++)
        {
            var q = int.Parse(WebcamCommand.FfmpegQuality(quality), CultureInfo.InvariantCulture);
            Assert.InRange(q, 2, 31);
            Assert.True(q <= previous, $"QUALITY {quality} gives q {q}, worse than {previous} for QUALITY {quality - 1}");
            previous = q;
        }
    }

    private sealed class FakeProbe(WebcamFormats formats) : IWebcamProbe
    {
        public Task<(string Device, WebcamFormats Formats)?> ChooseAsync(string? device, CancellationToken cancellationToken) =>
            Task.FromResult<(string, WebcamFormats)?>((device ?? Device, formats));
    }

    [Fact]
    public async Task Resolve_ACameraOfferingH264_PassesItsH264ThroughForWebRtc()
    {
        var formats = WebcamFormats.Parse("[video4linux2,v4l2 @ 0x1] Compressed:        h264 :                H.264 : 1920x1080 1280x720\n"
            + "[video4linux2,v4l2 @ 0x1] Compressed:       mjpeg :          Motion-JPEG : 1280x720\n");

        var commands = await WebcamCommand.ResolveAsync(new FakeProbe(formats), null, Settings, CancellationToken.None);

        AssertOption(commands.Mjpeg.Arguments, "-input_format", "mjpeg");
        Assert.NotNull(commands.H264);
        AssertOption(commands.H264.Arguments, "-input_format", "h264");
        AssertOption(commands.H264.Arguments, "-c:v", "copy");
        AssertOption(commands.H264.Arguments, "-bsf:v", "dump_extra");
        AssertOption(commands.H264.Arguments, "-video_size", "1280x720");
        Assert.Equal(["-f", "h264", "-"], commands.H264.Arguments.TakeLast(3));
    }

    [Fact]
    public async Task Resolve_ACameraWithoutH264_HasNoH264CommandSoWebRtcIsDerivedFromTheMjpeg()
    {
        var commands = await WebcamCommand.ResolveAsync(new FakeProbe(Mjpeg), "/dev/video4", Settings, CancellationToken.None);

        Assert.Null(commands.H264);
        Assert.Contains("/dev/video4", commands.Mjpeg.Arguments);
    }
}
