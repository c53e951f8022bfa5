using System.Globalization;

namespace PiCam.Capture.Process;

/// <summary>
/// A process and everything it started, read from <c>/proc</c>. A camera that is a shell script runs its
/// work in children; signalling only the script would leave them running (holding the pipes open) once the
/// script is gone, so a camera is stopped as a tree. Each member is remembered with its start time, so a
/// process id reused later by someone else is never signalled.
/// </summary>
internal sealed class ProcessTree
{
    private readonly List<(int Pid, long Started)> _members;

    private ProcessTree(List<(int Pid, long Started)> members) => _members = members;

    /// <summary>The process ids in the tree, the root first.</summary>
    public IEnumerable<int> Pids => _members.Select(m => m.Pid);

    /// <summary>The tree below and including <paramref name="root"/> as it is now.</summary>
    public static ProcessTree Of(int root)
    {
        var parents = new Dictionary<int, List<(int Pid, long Started)>>();
        var started = new Dictionary<int, long>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } stat)
            {
                started[pid] = stat.Started;
                if (!parents.TryGetValue(stat.Parent, out var children))
                {
                    parents[stat.Parent] = children = [];
                }

                children.Add((pid, stat.Started));
            }
        }

        var members = new List<(int, long)>();
        if (started.TryGetValue(root, out var rootStarted))
        {
            members.Add((root, rootStarted));
            for (var i = 0; i < members.Count && members.Count < 4096; i++)
            {
                if (parents.TryGetValue(members[i].Item1, out var children))
                {
                    members.AddRange(children);
                }
            }
        }

        return new ProcessTree(members);
    }

    /// <summary>Sends <paramref name="signal"/> to every member still alive.</summary>
    public void Signal(int signal)
    {
        foreach (var (pid, started) in _members)
        {
            if (Stat(pid) is { } stat && stat.Started == started && !stat.Zombie)
            {
                _ = Platform.LibC.Kill(pid, signal);
            }
        }
    }

    /// <summary>Whether any member is still running (not yet exited, or a zombie nobody has reaped).</summary>
    public bool AnyAlive => _members.Any(m => Stat(m.Pid) is { } stat && stat.Started == m.Started && !stat.Zombie);

    private static (int Parent, long Started, bool Zombie)? Stat(int pid)
    {
        try
        {
            // "pid (comm) state ppid ... starttime(22nd field)"; comm may hold spaces and parentheses.
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (int.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[19], CultureInfo.InvariantCulture), fields[0] is "Z" or "X");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null; // gone meanwhile
        }
    }
}
