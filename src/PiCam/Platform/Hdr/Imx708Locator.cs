using System.Globalization;

namespace PiCam.Platform.Hdr;

/// <summary>
/// Finds the Camera Module 3 (imx708) sensor's V4L2 subdevice through sysfs: the first
/// <c>sys/class/video4linux/v4l-subdevN</c>, in numeric order of N, whose <c>name</c> contains <c>imx708</c>
/// (the kernel names it like <c>imx708 10-001a</c>). Its device node is <c>/dev/v4l-subdevN</c>. The subdevice
/// number depends on probe order, so it is never assumed. Both roots are parameters so tests can use a fake tree.
/// </summary>
internal sealed class Imx708Locator
{
    public const string SensorName = "imx708";
    private const string SubdevicePrefix = "v4l-subdev";

    private readonly string _devRoot;

    public Imx708Locator(string sysfsRoot = "/", string devRoot = "/dev")
    {
        ClassDirectory = Path.Combine(sysfsRoot, "sys/class/video4linux");
        _devRoot = devRoot;
    }

    /// <summary>Where the subdevices are looked for, for messages.</summary>
    public string ClassDirectory { get; }

    /// <summary>The imx708's device node, such as <c>/dev/v4l-subdev2</c>, or null when there is none.</summary>
    public string? Find()
    {
        foreach (var entry in SubdevicesInOrder())
        {
            var name = SysFs.ReadFirstLine(Path.Combine(entry, "name"));
            if (name is not null && name.Contains(SensorName, StringComparison.OrdinalIgnoreCase))
            {
                return Path.Combine(_devRoot, Path.GetFileName(entry));
            }
        }

        return null;
    }

    private List<string> SubdevicesInOrder()
    {
        string[] entries;
        try
        {
            // The class directory holds symbolic links to the devices: list entries, not just directories.
            entries = Directory.GetFileSystemEntries(ClassDirectory, SubdevicePrefix + "*");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        var numbered = new List<(int Number, string Entry)>();
        foreach (var entry in entries)
        {
            var suffix = Path.GetFileName(entry.AsSpan())[SubdevicePrefix.Length..];
            if (int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                numbered.Add((number, entry));
            }
        }

        numbered.Sort((a, b) => a.Number.CompareTo(b.Number));
        return numbered.ConvertAll(n => n.Entry);
    }
}
