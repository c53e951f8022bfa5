using PiCam.Capture.PiCamera;
using PiCam.Config;

namespace PiCam.Tests.Capture.Camera;

public sealed class RpicamCommandTests
{
    private const string Program = "/usr/bin/rpicam-vid";

    [Fact]
    public void Build_Defaults_GivesTheExactArgumentList()
    {
        var command = RpicamCommand.Build(Program, new PicamSettings());

        Assert.Equal(Program, command.Program);
        Assert.Equal(
            ["--camera", "0", "-t", "0", "--codec", "mjpeg", "--width", "960", "--height", "540", "--framerate", "30", "--quality", "80", "-n", "-o", "-"],
            command.Arguments);
    }

    [Fact]
    public void Build_SizeRateQualityAndCamera_AreTakenFromTheSettings()
    {
        var command = RpicamCommand.Build(Program, new PicamSettings { Width = 1280, Height = 720, Framerate = 15, Quality = 55, Camera = 1 });

        Assert.Equal(
            ["--camera", "1", "-t", "0", "--codec", "mjpeg", "--width", "1280", "--height", "720", "--framerate", "15", "--quality", "55", "-n", "-o", "-"],
            command.Arguments);
    }

    [Fact]
    public void Build_HdrOff_HasNoHdrFlag()
    {
        var command = RpicamCommand.Build(Program, new PicamSettings { Hdr = false });

        Assert.DoesNotContain("--hdr", command.Arguments);
        Assert.DoesNotContain("HDR", command.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_HdrOn_PassesHdrFlag()
    {
        var command = RpicamCommand.Build(Program, new PicamSettings { Hdr = true });

        Assert.Single(command.Arguments, a => a == "--hdr");
    }

    [Fact]
    public void Build_HdrOn_DescriptionMentionsHdr()
    {
        var command = RpicamCommand.Build(Program, new PicamSettings { Hdr = true, Camera = 1 });

        Assert.Contains("HDR", command.Description, StringComparison.Ordinal);
        Assert.Contains("rpicam-vid", command.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("/usr/bin", command.Description, StringComparison.Ordinal);
        Assert.Contains("1", command.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Rotation180_PassesRotation180()
    {
        var args = RpicamCommand.Build(Program, new PicamSettings { Rotation = 180 }).Arguments.ToList();

        var at = args.IndexOf("--rotation");
        Assert.True(at >= 0, "no --rotation");
        Assert.Equal("180", args[at + 1]);
    }

    [Fact]
    public void Build_Rotation0_HasNoRotationFlag()
    {
        Assert.DoesNotContain("--rotation", RpicamCommand.Build(Program, new PicamSettings { Rotation = 0 }).Arguments);
    }

    [Fact]
    public void Build_HFlipOnly_PassesHFlipButNotVFlip()
    {
        var args = RpicamCommand.Build(Program, new PicamSettings { HFlip = true }).Arguments;

        Assert.Contains("--hflip", args);
        Assert.DoesNotContain("--vflip", args);
    }

    [Fact]
    public void Build_VFlipOnly_PassesVFlipButNotHFlip()
    {
        var args = RpicamCommand.Build(Program, new PicamSettings { VFlip = true }).Arguments;

        Assert.Contains("--vflip", args);
        Assert.DoesNotContain("--hflip", args);
    }

    [Fact]
    public void Build_NoFlips_HasNeitherFlipFlag()
    {
        var args = RpicamCommand.Build(Program, new PicamSettings()).Arguments;

        Assert.DoesNotContain("--hflip", args);
        Assert.DoesNotContain("--vflip", args);
    }

    [Fact]
    public void Build_Camera3_PassesCamera3()
    {
        var args = RpicamCommand.Build(Program, new PicamSettings { Camera = 3 }).Arguments.ToList();

        Assert.Equal("3", args[args.IndexOf("--camera") + 1]);
    }

    [Fact]
    public void Build_EveryOptionOn_StillEndsWithOutputToStdout()
    {
        var args = RpicamCommand.Build(Program, new PicamSettings { Hdr = true, Rotation = 180, HFlip = true, VFlip = true, Camera = 2 }).Arguments;

        Assert.Equal(["-o", "-"], args.TakeLast(2));
        Assert.Single(args, a => a == "-o");
        Assert.Contains("--hdr", args);
        Assert.Contains("--hflip", args);
        Assert.Contains("--vflip", args);
        Assert.Contains("--rotation", args);
    }

    [Fact]
    public void BuildH264_Defaults_AskBaselineInlineHeadersFlushAndAnIdrEachSecond()
    {
        var command = RpicamCommand.BuildH264(Program, new PicamSettings());

        Assert.Equal(
            ["--camera", "0", "-t", "0", "--codec", "h264", "--profile", "baseline", "--inline", "--flush", "--intra", "30", "--bitrate", "1555200",
             "--width", "960", "--height", "540", "--framerate", "30", "-n", "-o", "-"],
            command.Arguments);
    }

    [Fact]
    public void Commands_PiCamera_OffersBothCodecsWithTheSamePictureOptions()
    {
        var commands = RpicamCommand.Commands(Program, new PicamSettings { Framerate = 15, Hdr = true, Rotation = 180, HFlip = true });

        Assert.Contains("mjpeg", commands.Mjpeg.Arguments);
        Assert.NotNull(commands.H264);
        Assert.Equal("15", commands.H264.Arguments[commands.H264.Arguments.ToList().IndexOf("--intra") + 1]);
        Assert.Equal(["--hdr", "--rotation", "180", "--hflip", "-o", "-"], commands.H264.Arguments.TakeLast(6));
        Assert.Equal(["--hdr", "--rotation", "180", "--hflip", "-o", "-"], commands.Mjpeg.Arguments.TakeLast(6));
    }
}
