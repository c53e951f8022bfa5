using System.Globalization;

namespace PiCam.Platform;

/// <summary>
/// Reads the machine's health from <c>/sys</c> and <c>/proc</c>: CPU temperature, load, memory, free disk.
/// Every reading is optional: what a machine does not have is null, never an error. The root directory is
/// a parameter so tests can point it at a fake tree.
/// </summary>
internal sealed class SystemFacts
{
    private readonly string _root;
    private readonly string _diskPath;

    public SystemFacts(string root = "/", string diskPath = "/")
    {
        _root = root;
        _diskPath = diskPath;
    }

    /// <summary>The CPU temperature in °C from the first thermal zone (the SoC on a Pi), or null.</summary>
    public double? CpuTemperatureCelsius()
    {
        var text = SysFs.ReadFirstLine(Path.Combine(_root, "sys/class/thermal/thermal_zone0/temp"));
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var milli) ? Math.Round(milli / 1000.0, 1, MidpointRounding.AwayFromZero) : null;
    }

    public IReadOnlyList<double>? LoadAverage()
    {
        var parts = SysFs.ReadFirstLine(Path.Combine(_root, "proc/loadavg"))?.Split(' ');
        if (parts is null || parts.Length < 3)
        {
            return null;
        }

        var values = new double[3];
        for (var i = 0; i < 3; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                return null;
            }
        }

        return values;
    }

    public (long? Total, long? Available) Memory()
    {
        long? total = null, available = null;
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(_root, "proc/meminfo")))
            {
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                {
                    total = KilobytesField(line);
                }
                else if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                {
                    available = KilobytesField(line);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return (total, available);
    }

    /// <summary>Space available to unprivileged writers on the file system holding the disk path (statvfs, via <see cref="DriveInfo"/>).</summary>
    public long? DiskFreeBytes()
    {
        try
        {
            return new DriveInfo(_diskPath).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>This process's resident memory.</summary>
    public static long ProcessRssBytes() => Environment.WorkingSet;

    private static long? KilobytesField(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : null;
    }
}
