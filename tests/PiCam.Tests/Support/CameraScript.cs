using System.Globalization;

namespace PiCam.Tests.Support;

/// <summary>
/// A camera that is a small shell script in a temporary directory, for <c>VIDEO_SOURCE=command:</c>: the
/// hostile and odd cameras (endless stderr, random bytes, a shell loop with children, a flood of frames).
/// The directory also holds a real JPEG, <c>frame.jpg</c>, for scripts that need one.
/// </summary>
public sealed class CameraScript : IDisposable
{
    private readonly TempDirectory _dir = new();

    public CameraScript(string body, int width = 160, int height = 120)
    {
        File.WriteAllBytes(_dir.File("frame.jpg"), Capture.TestJpeg.Encode(width, height, seed: 7));
        Path = _dir.Write("camera.sh", $"#!/bin/sh\ncd \"$(dirname \"$0\")\"\n{body.Replace("\r\n", "\n", StringComparison.Ordinal)}\n");
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Path { get; }

    public string Directory => _dir.Path;

    public string VideoSource => $"command:{Path}";

    /// <summary>A file the script wrote (for example its own pid), or null.</summary>
    public string? Read(string name) => File.Exists(_dir.File(name)) ? File.ReadAllText(_dir.File(name)).Trim() : null;

    /// <summary>Every process below <paramref name="root"/> now, from /proc.</summary>
    public static IReadOnlyList<int> Descendants(int root)
    {
        var parents = new Dictionary<int, List<int>>();
        foreach (var dir in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                if (!parents.TryGetValue(parent, out var children))
                {
                    parents[parent] = children = [];
                }

                children.Add(pid);
            }
            catch (IOException)
            {
            }
        }

        var found = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var pid))
        {
            foreach (var child in parents.GetValueOrDefault(pid) ?? [])
            {
                found.Add(child);
                queue.Enqueue(child);
            }
        }

        return found;
    }

    /// <summary>Resident set size and its peak (VmRSS, VmHWM) of a process, in bytes.</summary>
    public static (long Rss, long Peak) Memory(int pid)
    {
        long Field(string name) => long.Parse(File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith(name, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        return (Field("VmRSS:"), Field("VmHWM:"));
    }

    public void Dispose() => _dir.Dispose();
}
