using PiCam.Platform.Hdr;

namespace PiCam.Tests.Platform.Hdr;

public sealed class Imx708LocatorTests : IDisposable
{
    private readonly SubdeviceTree _sysfs = new();

    public void Dispose() => _sysfs.Dispose();

    private string? Find() => new Imx708Locator(_sysfs.Root).Find();

    [Fact]
    public void Find_Imx708AmongSubdevices_ReturnsItsDevicePath()
    {
        _sysfs.AddSubdevice(0, "rp1-cfe-csi2").AddSubdevice(1, "dw9807 6-000c").AddSubdevice(2, "imx708 6-001a").AddSubdevice(3, "rp1-cfe-fe");

        Assert.Equal("/dev/v4l-subdev2", Find());
    }

    [Theory]
    [InlineData("imx708")]
    [InlineData("imx708_wide")]
    [InlineData("imx708_noir")]
    [InlineData("imx708 10-001a")]
    [InlineData("IMX708 10-001a")]
    public void Find_Imx708NameVariants_AreRecognised(string name)
    {
        _sysfs.AddSubdevice(0, "unicam").AddSubdevice(1, name);

        Assert.Equal("/dev/v4l-subdev1", Find());
    }

    [Fact]
    public void Find_OnlyOtherSensors_ReturnsNull()
    {
        _sysfs.AddSubdevice(0, "imx219 10-0010").AddSubdevice(1, "ov5647 10-0036").AddSubdevice(2, "imx477 10-001a");

        Assert.Null(Find());
    }

    [Fact]
    public void Find_NoVideo4LinuxDirectory_ReturnsNull()
    {
        Assert.Null(Find());
    }

    [Fact]
    public void Find_Imx708NameOnAVideoNode_IsNotASubdevice()
    {
        _sysfs.Add("video0", "imx708").AddSubdevice(0, "unicam");

        Assert.Null(Find());
    }

    [Fact]
    public void Find_TwoImx708s_ReturnsTheLowerNumberNumericallyNotAlphabetically()
    {
        _sysfs.AddSubdevice(10, "imx708 11-001a").AddSubdevice(9, "imx708 10-001a").AddSubdevice(2, "unicam");

        Assert.Equal("/dev/v4l-subdev9", Find());
    }

    [Fact]
    public void Find_PlainDirectoriesRatherThanSymlinks_AreReadToo()
    {
        _sysfs.Add("v4l-subdev4", "imx708", symlink: false);

        Assert.Equal("/dev/v4l-subdev4", Find());
    }

    [Fact]
    public void Find_SubdeviceWithoutNameFile_IsSkipped()
    {
        Directory.CreateDirectory(Path.Combine(_sysfs.ClassDirectory, "v4l-subdev0"));
        _sysfs.AddSubdevice(1, "imx708");

        Assert.Equal("/dev/v4l-subdev1", Find());
    }

    [Fact]
    public void Find_DevRoot_PrefixesTheEntryName()
    {
        _sysfs.AddSubdevice(3, "imx708");

        Assert.Equal("/tmp/fake-dev/v4l-subdev3", new Imx708Locator(_sysfs.Root, "/tmp/fake-dev").Find());
    }
}
