namespace PiCam.Tests.Platform.Hdr;

/// <summary>
/// A fake sysfs tree in a temporary directory, laid out like the kernel's: each
/// <c>sys/class/video4linux/v4l-subdevN</c> is a symbolic link to a device directory holding <c>name</c>.
/// </summary>
internal sealed class SubdeviceTree : IDisposable
{
    public SubdeviceTree() => Root = Directory.CreateTempSubdirectory("picam-sysfs-").FullName;

    public string Root { get; }

    public string ClassDirectory => Path.Combine(Root, "sys/class/video4linux");

    /// <summary>Adds <c>v4l-subdevN</c> (or another entry such as <c>video0</c>) whose <c>name</c> is the given text.</summary>
    public SubdeviceTree Add(string entry, string name, bool symlink = true)
    {
        Directory.CreateDirectory(ClassDirectory);
        var link = Path.Combine(ClassDirectory, entry);
        if (symlink)
        {
            var device = Path.Combine(Root, "sys/devices/platform/soc/fe801000.csi/video4linux", entry);
            Directory.CreateDirectory(device);
            File.WriteAllText(Path.Combine(device, "name"), name + "\n");
            Directory.CreateSymbolicLink(link, device);
        }
        else
        {
            Directory.CreateDirectory(link);
            File.WriteAllText(Path.Combine(link, "name"), name + "\n");
        }

        return this;
    }

    public SubdeviceTree AddSubdevice(int number, string name) => Add($"v4l-subdev{number}", name);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
