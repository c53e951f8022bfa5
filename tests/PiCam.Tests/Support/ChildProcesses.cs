using System.Globalization;

namespace PiCam.Tests.Support;

/// <summary>A process's children and processor time, read from /proc (the encoder and decoder picam starts).</summary>
internal static class ChildProcesses
{
    /// <summary>A child of <paramref name="parent"/> whose command line has <paramref name="word"/> as one argument (the program's path counts), or 0.</summary>
    public static int Find(int parent, string word)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(dir), out var pid)
                    && Fields(File.ReadAllText($"{dir}/stat"))[1] == parent.ToString(CultureInfo.InvariantCulture)
                    && File.ReadAllText($"{dir}/cmdline").Split('\0').Any(a => a == word || Path.GetFileName(a) == word))
                {
                    return pid;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
            {
                // It ended while we looked.
            }
        }

        return 0;
    }

    /// <summary>User plus system time of a process in clock ticks (1/100 s), or 0 when it is gone.</summary>
    public static long CpuTicks(int pid)
    {
        try
        {
            var fields = Fields(File.ReadAllText($"/proc/{pid}/stat"));
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    /// <summary>The fields after the command name in /proc/PID/stat: state, parent, …</summary>
    private static string[] Fields(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
}
