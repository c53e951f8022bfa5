using PiCam.Config;

namespace PiCam.Tests.Capture.Camera;

public sealed class CameraSettingsTests
{
    private const string ConfigPath = "/etc/picam-test.env";

    private static (PicamSettings Settings, IReadOnlyList<ConfigProblem> Problems) Validate(RawSettings raw)
    {
        var reader = new SettingsReader();
        var settings = reader.Validate(raw, ConfigPath);
        return (settings, reader.Problems);
    }

    private static ConfigProblem SingleProblem(IReadOnlyList<ConfigProblem> problems, string key)
    {
        var problem = Assert.Single(problems);
        Assert.Equal(key, problem.Key);
        return problem;
    }

    // ROTATION

    [Theory]
    [InlineData("0", 0)]
    [InlineData("180", 180)]
    [InlineData(" 180 ", 180)]
    [InlineData("", 0)]
    [InlineData(null, 0)]
    public void Validate_Rotation0Or180_IsAcceptedWithoutProblems(string? value, int expected)
    {
        var (settings, problems) = Validate(new RawSettings { Rotation = value });

        Assert.Equal(expected, settings.Rotation);
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("90")]
    [InlineData("270")]
    public void Validate_Rotation90Or270_FallsBackTo0WithAProblemPointingAtFlips(string value)
    {
        var (settings, problems) = Validate(new RawSettings { Rotation = value });

        Assert.Equal(0, settings.Rotation);
        var problem = SingleProblem(problems, "ROTATION");
        Assert.Contains("HFLIP", problem.Message, StringComparison.Ordinal);
        Assert.Contains("VFLIP", problem.Message, StringComparison.Ordinal);
        Assert.Contains(value, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("upside-down")]
    [InlineData("360")]
    [InlineData("-180")]
    public void Validate_RotationNotANumberOrOutOfRange_FallsBackTo0WithOneProblem(string value)
    {
        var (settings, problems) = Validate(new RawSettings { Rotation = value });

        Assert.Equal(0, settings.Rotation);
        SingleProblem(problems, "ROTATION");
    }

    // HFLIP / VFLIP

    [Fact]
    public void Validate_FlipsOn_AreTrue()
    {
        var (settings, problems) = Validate(new RawSettings { HFlip = "1", VFlip = "yes" });

        Assert.True(settings.HFlip);
        Assert.True(settings.VFlip);
        Assert.Empty(problems);
    }

    [Fact]
    public void Validate_HFlipGarbage_IsAProblemAndOff()
    {
        var (settings, problems) = Validate(new RawSettings { HFlip = "mirror" });

        Assert.False(settings.HFlip);
        SingleProblem(problems, "HFLIP");
    }

    // CAMERA

    [Theory]
    [InlineData("0", 0)]
    [InlineData("1", 1)]
    [InlineData("15", 15)]
    public void Validate_CameraNumber_IsAccepted(string value, int expected)
    {
        var (settings, problems) = Validate(new RawSettings { Camera = value });

        Assert.Equal(expected, settings.Camera);
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("16")]
    [InlineData("front")]
    public void Validate_CameraInvalid_FallsBackTo0WithAProblem(string value)
    {
        var (settings, problems) = Validate(new RawSettings { Camera = value });

        Assert.Equal(0, settings.Camera);
        SingleProblem(problems, "CAMERA");
    }

    // STALL_SECONDS

    [Fact]
    public void Validate_StallSecondsUnset_Is5()
    {
        var (settings, problems) = Validate(new RawSettings());

        Assert.Equal(5, settings.StallSeconds);
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("20", 20)]
    [InlineData("300", 300)]
    public void Validate_StallSecondsInRange_IsAccepted(string value, int expected)
    {
        var (settings, problems) = Validate(new RawSettings { StallSeconds = value });

        Assert.Equal(expected, settings.StallSeconds);
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("301")]
    [InlineData("-5")]
    [InlineData("soon")]
    public void Validate_StallSecondsInvalid_FallsBackTo5WithAProblem(string value)
    {
        var (settings, problems) = Validate(new RawSettings { StallSeconds = value });

        Assert.Equal(5, settings.StallSeconds);
        SingleProblem(problems, "STALL_SECONDS");
    }

    // KEEP_CAMERA_ON

    [Theory]
    [InlineData("1", true)]
    [InlineData("on", true)]
    [InlineData("0", false)]
    [InlineData("", false)]
    public void Validate_KeepCameraOn_IsParsedAsABoolean(string value, bool expected)
    {
        var (settings, problems) = Validate(new RawSettings { KeepCameraOn = value });

        Assert.Equal(expected, settings.KeepCameraOn);
        Assert.Empty(problems);
    }

    [Fact]
    public void Validate_KeepCameraOnGarbage_IsAProblemAndOff()
    {
        var (settings, problems) = Validate(new RawSettings { KeepCameraOn = "always" });

        Assert.False(settings.KeepCameraOn);
        SingleProblem(problems, "KEEP_CAMERA_ON");
    }

    // STATUS_LED_GPIO / STATUS_LED_CHIP / STATUS_LED_ACTIVE_LOW

    [Theory]
    [InlineData("17", 17)]
    [InlineData(" 0 ", 0)]
    [InlineData("511", 511)]
    public void Validate_StatusLedGpioNumber_IsThatLine(string value, int expected)
    {
        var (settings, problems) = Validate(new RawSettings { StatusLedGpio = value });

        Assert.Equal(expected, settings.StatusLedGpio);
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Validate_StatusLedGpioEmpty_IsNoLedWithoutProblems(string? value)
    {
        var (settings, problems) = Validate(new RawSettings { StatusLedGpio = value });

        Assert.Null(settings.StatusLedGpio);
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("512")]
    [InlineData("GPIO17")]
    public void Validate_StatusLedGpioInvalid_IsNoLedWithAProblem(string value)
    {
        var (settings, problems) = Validate(new RawSettings { StatusLedGpio = value });

        Assert.Null(settings.StatusLedGpio);
        SingleProblem(problems, "STATUS_LED_GPIO");
    }

    [Fact]
    public void Validate_StatusLedGpioInvalid_ProblemDoesNotClaimToUseLineMinusOne()
    {
        // The line falls back to "no LED", so the message must not say "using -1".
        var (_, problems) = Validate(new RawSettings { StatusLedGpio = "abc" });

        var problem = SingleProblem(problems, "STATUS_LED_GPIO");
        Assert.DoesNotContain("-1", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_StatusLedChipUnset_IsGpiochip0()
    {
        var (settings, problems) = Validate(new RawSettings());

        Assert.Equal("gpiochip0", settings.StatusLedChip);
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("gpiochip4", "gpiochip4")]
    [InlineData(" gpiochip0 ", "gpiochip0")]
    [InlineData("gpiochip12", "gpiochip12")]
    public void Validate_StatusLedChipName_IsAccepted(string value, string expected)
    {
        var (settings, problems) = Validate(new RawSettings { StatusLedChip = value });

        Assert.Equal(expected, settings.StatusLedChip);
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("chip0")]
    [InlineData("gpiochip")]
    [InlineData("gpiochipA")]
    [InlineData("/dev/gpiochip4")]
    [InlineData("gpiochip4 ; rm -rf /")]
    public void Validate_StatusLedChipInvalid_FallsBackToGpiochip0WithAProblem(string value)
    {
        var (settings, problems) = Validate(new RawSettings { StatusLedChip = value });

        Assert.Equal("gpiochip0", settings.StatusLedChip);
        SingleProblem(problems, "STATUS_LED_CHIP");
    }

    [Fact]
    public void Validate_StatusLedActiveLow_IsParsed()
    {
        var (settings, problems) = Validate(new RawSettings { StatusLedActiveLow = "1" });

        Assert.True(settings.StatusLedActiveLow);
        Assert.Empty(problems);
    }

    // VIDEO_SOURCE

    [Theory]
    [InlineData("picamera", "picamera")]
    [InlineData("PiCamera", "picamera")]
    [InlineData("auto", "auto")]
    [InlineData(" AUTO ", "auto")]
    [InlineData("webcam", "webcam")]
    [InlineData("webcam:", "webcam")]
    [InlineData("simulator", "simulator")]
    public void Validate_VideoSourceKindWithoutArgument_IsThatKind(string value, string kindName)
    {
        var (settings, problems) = Validate(new RawSettings { VideoSource = value });

        Assert.Equal(kindName, settings.VideoSource.KindName);
        Assert.Null(settings.VideoSource.Argument);
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("webcam:/dev/video2", "/dev/video2")]
    [InlineData("webcam: /dev/video0 ", "/dev/video0")]
    [InlineData("webcam:/dev/v4l/by-id/usb-046d_C270-video-index0", "/dev/v4l/by-id/usb-046d_C270-video-index0")]
    public void Validate_VideoSourceWebcamWithDevice_IsThatDevice(string value, string device)
    {
        var (settings, problems) = Validate(new RawSettings { VideoSource = value });

        Assert.Equal(new VideoSourceSpec(VideoSourceKind.Webcam, device), settings.VideoSource);
        Assert.Empty(problems);
    }

    [Fact]
    public void Validate_VideoSourceWebcamWithoutDevPath_IsAProblemAndTheDefault()
    {
        var (settings, problems) = Validate(new RawSettings { VideoSource = "webcam:video2" });

        Assert.Equal(SettingsReader.DefaultVideoSource, settings.VideoSource);
        var problem = SingleProblem(problems, "VIDEO_SOURCE");
        Assert.Contains("webcam:video2", problem.Message, StringComparison.Ordinal);
        Assert.Contains("/dev/", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("webcam:video2")]
    [InlineData("command:")]
    [InlineData("picamera:1")]
    public void Validate_KnownKindWithBadArgument_DoesNotSuggestTheKindItAlreadyHas(string value)
    {
        // "did you mean 'webcam'?" to someone who wrote webcam is no help: the argument is what is wrong.
        var (_, problems) = Validate(new RawSettings { VideoSource = value });

        var problem = SingleProblem(problems, "VIDEO_SOURCE");
        Assert.DoesNotContain("did you mean", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_VideoSourceCommand_KeepsTheWholeCommandLine()
    {
        var (settings, problems) = Validate(new RawSettings { VideoSource = "command:ffmpeg -i x -f mjpeg -" });

        Assert.Equal(new VideoSourceSpec(VideoSourceKind.Command, "ffmpeg -i x -f mjpeg -"), settings.VideoSource);
        Assert.Empty(problems);
    }

    [Fact]
    public void Validate_VideoSourceCommandWithQuotedColons_KeepsTheWholeCommandLine()
    {
        const string line = "ffmpeg -rtsp_transport tcp -i \"rtsp://user:pw@cam:554/stream?a=1&b=2\" -c:v mjpeg -f mjpeg -";

        var (settings, problems) = Validate(new RawSettings { VideoSource = "command:" + line });

        Assert.Equal(new VideoSourceSpec(VideoSourceKind.Command, line), settings.VideoSource);
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("command:")]
    [InlineData("command:   ")]
    [InlineData("command:\"unterminated")]
    [InlineData("command:ffmpeg -i 'rtsp://cam")]
    public void Validate_VideoSourceCommandEmptyOrUnterminated_IsAProblemAndTheDefault(string value)
    {
        var (settings, problems) = Validate(new RawSettings { VideoSource = value });

        Assert.Equal(SettingsReader.DefaultVideoSource, settings.VideoSource);
        SingleProblem(problems, "VIDEO_SOURCE");
    }

    [Theory]
    [InlineData("auto:x")]
    [InlineData("picamera:1")]
    [InlineData("usb")]
    public void Validate_VideoSourceUnknownFormOrStrayArgument_IsAProblemAndTheDefault(string value)
    {
        var (settings, problems) = Validate(new RawSettings { VideoSource = value });

        Assert.Equal(SettingsReader.DefaultVideoSource, settings.VideoSource);
        SingleProblem(problems, "VIDEO_SOURCE");
    }

    [Fact]
    public void Validate_VideoSourceUnset_IsTheDefaultVideoSource()
    {
        var (settings, problems) = Validate(new RawSettings());

        Assert.Equal(SettingsReader.DefaultVideoSource, settings.VideoSource);
        Assert.Empty(problems);
    }

    [Fact]
    public void DefaultVideoSource_OffAPi_IsTheSimulatorAndOnAPiIsAuto()
    {
        var onPi = File.Exists("/proc/device-tree/model")
            && File.ReadAllText("/proc/device-tree/model").Contains("Raspberry Pi", StringComparison.Ordinal);

        Assert.Equal(onPi ? VideoSourceKind.Auto : VideoSourceKind.Simulator, SettingsReader.DefaultVideoSource.Kind);
    }

    [Fact]
    public void Validate_AllCameraKeysTogether_AreAllApplied()
    {
        var (settings, problems) = Validate(new RawSettings
        {
            VideoSource = "picamera",
            Camera = "1",
            Rotation = "180",
            HFlip = "1",
            VFlip = "0",
            StallSeconds = "12",
            KeepCameraOn = "1",
            StatusLedGpio = "17",
            StatusLedChip = "gpiochip4",
            StatusLedActiveLow = "1",
        });

        Assert.Empty(problems);
        Assert.Equal(
            new PicamSettings
            {
                VideoSource = new VideoSourceSpec(VideoSourceKind.PiCamera),
                Camera = 1,
                Rotation = 180,
                HFlip = true,
                VFlip = false,
                StallSeconds = 12,
                KeepCameraOn = true,
                StatusLedGpio = 17,
                StatusLedChip = "gpiochip4",
                StatusLedActiveLow = true,
                ConfigPath = ConfigPath,
            },
            settings);
    }
}
