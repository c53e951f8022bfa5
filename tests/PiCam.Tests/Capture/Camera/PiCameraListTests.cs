using PiCam.Capture.PiCamera;

namespace PiCam.Tests.Capture.Camera;

public sealed class PiCameraListTests
{
    private const string TwoCameras = """
        [0:02:01.123456789] [1520]  INFO Camera camera_manager.cpp:325 libcamera v0.3.2+99-1230f78d
        [0:02:01.140220113] [1523]  INFO RPI pisp.cpp:695 libpisp version v1.0.7 28196ed6edcf 29-08-2024 (16:33:32)
        Available cameras
        -----------------
        0 : imx708_wide [4608x2592 10-bit RGGB] (/base/axi/pcie@120000/rp1/i2c@88000/imx708@1a)
            Modes: 'SRGGB10_CSI2P' : 1536x864 [120.13 fps - (768, 432)/3072x1728 crop]
                                     2304x1296 [56.03 fps - (0, 0)/4608x2592 crop]
                                     4608x2592 [14.35 fps - (0, 0)/4608x2592 crop]
                   'BGGR_PISP_COMPRESSED' : 1536x864 [120.13 fps - (768, 432)/3072x1728 crop]
                                     2304x1296 [56.03 fps - (0, 0)/4608x2592 crop]
                                     4608x2592 [14.35 fps - (0, 0)/4608x2592 crop]

        1 : ov5647 [2592x1944 10-bit GBRG] (/base/axi/pcie@120000/rp1/i2c@80000/ov5647@36)
            Modes: 'SGBRG10_CSI2P' : 640x480 [58.92 fps - (16, 0)/2560x1920 crop]
                                     1296x972 [43.25 fps - (0, 0)/2592x1944 crop]
                                     1920x1080 [30.62 fps - (348, 434)/1928x1080 crop]
                                     2592x1944 [15.63 fps - (0, 0)/2592x1944 crop]

        """;

    [Fact]
    public void Parse_TwoCamerasWithModeLines_GivesExactlyTheTwoCameras()
    {
        var cameras = PiCameraList.Parse(TwoCameras);

        Assert.Equal(
            [new PiCameraList.Camera(0, "imx708_wide"), new PiCameraList.Camera(1, "ov5647")],
            cameras);
    }

    [Fact]
    public void Parse_CrLfLineEndings_GivesTheSameCameras()
    {
        var cameras = PiCameraList.Parse(TwoCameras.ReplaceLineEndings("\r\n"));

        Assert.Equal(
            [new PiCameraList.Camera(0, "imx708_wide"), new PiCameraList.Camera(1, "ov5647")],
            cameras);
    }

    [Fact]
    public void Parse_OneCamera_GivesItsIndexAndSensor()
    {
        const string output = """
            Available cameras
            -----------------
            0 : imx219 [3280x2464 10-bit RGGB] (/base/soc/i2c0mux/i2c@1/imx219@10)
                Modes: 'SRGGB10_CSI2P' : 640x480 [206.65 fps - (1000, 752)/1280x960 crop]
                                         1640x1232 [41.85 fps - (0, 0)/3280x2464 crop]
            """;

        var camera = Assert.Single(PiCameraList.Parse(output));
        Assert.Equal(0, camera.Index);
        Assert.Equal("imx219", camera.Sensor);
    }

    [Fact]
    public void Parse_ModeLinesAlone_AreNotCameras()
    {
        const string output = """
                Modes: 'SRGGB10_CSI2P' : 1536x864 [120.13 fps - (768, 432)/3072x1728 crop]
                                         2304x1296 [56.03 fps - (0, 0)/4608x2592 crop]
                                         4608x2592 [14.35 fps - (0, 0)/4608x2592 crop]
            """;

        Assert.Empty(PiCameraList.Parse(output));
    }

    [Fact]
    public void Parse_NoCamerasAvailable_IsEmpty()
    {
        Assert.Empty(PiCameraList.Parse("No cameras available!\n"));
    }

    [Fact]
    public void Parse_EmptyOutput_IsEmpty()
    {
        Assert.Empty(PiCameraList.Parse(""));
    }
}
