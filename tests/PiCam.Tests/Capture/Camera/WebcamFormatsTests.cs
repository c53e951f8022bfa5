using PiCam.Capture.Webcam;

namespace PiCam.Tests.Capture.Camera;

public sealed class WebcamFormatsTests
{
    // ffmpeg -hide_banner -f v4l2 -list_formats all -i /dev/video0 with a Logitech C270.
    private const string Logitech = """
        [video4linux2,v4l2 @ 0x55d5c8a3b2c0] Raw       :     yuyv422 :           YUYV 4:2:2 : 640x480 160x120 176x144 320x176 320x240 352x288 432x240 544x288 640x360 752x416 800x448 800x600 864x480 960x544 960x720 1024x576 1184x656 1280x720 1280x960
        [video4linux2,v4l2 @ 0x55d5c8a3b2c0] Compressed:       mjpeg :          Motion-JPEG : 640x480 160x120 176x144 320x176 320x240 352x288 432x240 544x288 640x360 752x416 800x448 800x600 864x480 960x544 960x720 1024x576 1184x656 1280x720 1280x960
        [in#0 @ 0x55d5c8a3a0c0] Error opening input: Immediate exit requested
        Error opening input file /dev/video0.

        """;

    private const string RawOnly = """
        [video4linux2,v4l2 @ 0x5600aa11c2c0] Raw       :     yuyv422 :           YUYV 4:2:2 : 640x480 320x240 160x120
        [in#0 @ 0x5600aa11b0c0] Error opening input: Immediate exit requested
        Error opening input file /dev/video2.

        """;

    [Fact]
    public void Parse_LogitechWithRawAndMjpeg_OffersMjpeg()
    {
        var formats = WebcamFormats.Parse(Logitech);

        Assert.True(formats.Mjpeg);
        Assert.Equal(["yuyv422"], formats.RawFormats);
        Assert.True(formats.IsCaptureDevice);
    }

    [Fact]
    public void Parse_LogitechWithCrLfLineEndings_StillOffersMjpeg()
    {
        var formats = WebcamFormats.Parse(Logitech.ReplaceLineEndings("\r\n"));

        Assert.True(formats.Mjpeg);
        Assert.Equal(["yuyv422"], formats.RawFormats);
    }

    [Fact]
    public void Parse_RawOnlyDevice_IsACaptureDeviceWithoutMjpeg()
    {
        var formats = WebcamFormats.Parse(RawOnly);

        Assert.False(formats.Mjpeg);
        Assert.Equal(["yuyv422"], formats.RawFormats);
        Assert.True(formats.IsCaptureDevice);
    }

    [Fact]
    public void Parse_SeveralRawFormats_KeepsThemInOrder()
    {
        const string output = """
            [video4linux2,v4l2 @ 0x5600aa11c2c0] Raw       :     yuyv422 :           YUYV 4:2:2 : 640x480
            [video4linux2,v4l2 @ 0x5600aa11c2c0] Raw       :        nv12 :         Y/CbCr 4:2:0 : 640x480
            """;

        Assert.Equal(["yuyv422", "nv12"], WebcamFormats.Parse(output).RawFormats);
    }

    [Fact]
    public void Parse_H264OnlyCompressedFormat_IsNotMjpeg()
    {
        const string output = "[video4linux2,v4l2 @ 0x5600aa11c2c0] Compressed:        h264 :                H.264 : 1920x1080 1280x720\n";

        Assert.False(WebcamFormats.Parse(output).Mjpeg);
        Assert.True(WebcamFormats.Parse(output).H264);
        Assert.True(WebcamFormats.Parse(output).IsCaptureDevice);
    }

    [Theory]
    [InlineData("/dev/video10: Inappropriate ioctl for device\n")]
    [InlineData("[video4linux2,v4l2 @ 0x5589e2f0b2c0] Not a video capture device.\n[in#0 @ 0x5589e2f0a0c0] Error opening input: No such device\nError opening input file /dev/video10.\nError opening input files: No such device\n")]
    [InlineData("[video4linux2,v4l2 @ 0x5589e2f0b2c0] ioctl(VIDIOC_G_INPUT): Inappropriate ioctl for device\n/dev/video19: Inappropriate ioctl for device\n")]
    [InlineData("")]
    public void Parse_NonCaptureNode_IsNotACaptureDevice(string output)
    {
        var formats = WebcamFormats.Parse(output);

        Assert.False(formats.Mjpeg);
        Assert.Empty(formats.RawFormats);
        Assert.False(formats.IsCaptureDevice);
    }
}
