using System.Globalization;

namespace PiCam.Bench;

/// <summary>Reads another process's CPU time and resident memory from /proc/PID.</summary>
internal sealed class ProcessSampler(int pid)
{
    /// <summary>USER_HZ: the unit of utime/stime in /proc/PID/stat; 100 on every mainstream Linux ABI.</summary>
    private const double ClockTicksPerSecond = 100;

    public long PeakRssKiB { get; private set; }

    /// <summary>utime + stime of all the process's threads, in seconds; null once the process is gone.</summary>
    public double? CpuSeconds()
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // Fields after "(comm)": state is field 3, utime field 14, stime field 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / ClockTicksPerSecond;
    }

    /// <summary>Samples VmRSS (keeping the peak) and returns it in KiB.</summary>
    public long SampleRss()
    {
        var rss = StatusKiB("VmRSS:");
        PeakRssKiB = Math.Max(PeakRssKiB, rss);
        return rss;
    }

    /// <summary>The kernel's own high-water mark of RSS over the process lifetime.</summary>
    public long HighWaterMarkKiB() => StatusKiB("VmHWM:");

    private long StatusKiB(string key)
    {
        if (!File.Exists($"/proc/{pid}/status"))
        {
            return 0;
        }

        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
