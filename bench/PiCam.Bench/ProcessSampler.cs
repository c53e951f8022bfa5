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

    /// <summary>
    /// CPU seconds of the process's children: those running now (from /proc/PID/task/*/children) and those
    /// it has reaped (cutime + cstime). Keyed by child PID so a caller can difference two snapshots.
    /// </summary>
    public Dictionary<int, double> ChildrenCpuSeconds()
    {
        var result = new Dictionary<int, double>();
        try
        {
            var fields = StatFields(pid);
            result[0] = (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
            foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
            {
                var children = File.ReadAllText(Path.Combine(task, "children"));
                foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var childPid = int.Parse(child, CultureInfo.InvariantCulture);
                    if (new ProcessSampler(childPid).CpuSeconds() is { } cpu)
                    {
                        result[childPid] = cpu;
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process (or a task) ended meanwhile: what was read stands.
        }

        return result;
    }

    /// <summary>CPU seconds the children used between two <see cref="ChildrenCpuSeconds"/> snapshots.</summary>
    public static double ChildrenCpuDelta(Dictionary<int, double> before, Dictionary<int, double> after) =>
        after.Sum(kv => kv.Value - before.GetValueOrDefault(kv.Key));

    private static string[] StatFields(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
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
