using System.Globalization;

namespace PiCam.Platform.Health;

/// <summary>
/// Reads the Raspberry Pi firmware's <c>get_throttled</c> word (under-voltage, frequency capping, throttling)
/// from the firmware device's sysfs file, written by the kernel as bare hex (<c>50005</c>). The file is at
/// <c>sys/devices/platform/soc/soc:firmware/get_throttled</c> on the Pi 4 and earlier and at
/// <c>sys/devices/platform/soc@107c000000/soc@107c000000:firmware/get_throttled</c> on the Pi 5, so any
/// <c>sys/devices/platform/*/*:firmware/get_throttled</c> is accepted. Where it is missing (not a Pi) the reading is
/// null. The file is found once; its value is read on every call.
/// <para>
/// The kernel marks the file deprecated: the first read after boot logs one "deprecated, use hwmon sysfs instead"
/// warning, with a stack trace, to the kernel log. Its replacement (hwmon <c>rpi_volt</c>) has only an
/// under-voltage alarm.
/// </para>
/// </summary>
internal sealed class ThrottleReader
{
    private const string FileName = "get_throttled";

    private readonly string _platform;
    private readonly Lazy<string?> _path;

    /// <param name="root">The directory holding <c>sys/</c>; a test's fake tree.</param>
    public ThrottleReader(string root = "/")
    {
        _platform = Path.Combine(root, "sys/devices/platform");
        _path = new Lazy<string?>(FindFile);
    }

    /// <summary>The flags now, or null where the firmware file is missing or unreadable.</summary>
    public ThrottleState? Read()
    {
        var path = _path.Value;
        if (path is null)
        {
            return null;
        }

        string? text;
        try
        {
            using var reader = new StreamReader(path);
            text = reader.ReadLine()?.Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var hex = text is not null && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        return uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) ? ThrottleState.FromValue(value) : null;
    }

    private string? FindFile()
    {
        var usual = Path.Combine(_platform, "soc", "soc:firmware", FileName);
        if (File.Exists(usual))
        {
            return usual;
        }

        try
        {
            var buses = Directory.GetDirectories(_platform);
            Array.Sort(buses, StringComparer.Ordinal);
            foreach (var bus in buses)
            {
                var firmwares = Directory.GetDirectories(bus, "*:firmware");
                Array.Sort(firmwares, StringComparer.Ordinal);
                foreach (var firmware in firmwares)
                {
                    var path = Path.Combine(firmware, FileName);
                    if (File.Exists(path))
                    {
                        return path;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }
}
