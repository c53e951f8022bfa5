namespace PiCam.Tests.Platform.Hdr;

/// <summary>
/// A shell script standing in for <c>v4l2-ctl</c>: it appends its arguments to <c>calls.txt</c> (one per line, each
/// call ended by <see cref="EndOfCall"/>) and answers <c>--set-ctrl</c> and <c>--get-ctrl</c> as told.
/// </summary>
internal sealed class StandInV4l2Ctl : IDisposable
{
    private const string EndOfCall = "--end-of-call--";
    private readonly string _directory;

    private StandInV4l2Ctl(string onSet, string onGet)
    {
        _directory = Directory.CreateTempSubdirectory("picam-v4l2-ctl-").FullName;
        Program = Path.Combine(_directory, "v4l2-ctl");
        File.WriteAllText(Program, $"""
            #!/bin/sh
            here=$(dirname "$0")
            printf '%s\n' "$@" {EndOfCall} >> "$here/calls.txt"
            case "$1" in
              --set-ctrl)
                {onSet}
                ;;
              --get-ctrl)
                {onGet}
                ;;
            esac
            exit 0

            """);
        File.SetUnixFileMode(Program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>The script's path, to pass as the program.</summary>
    public string Program { get; }

    /// <summary>Behaves like a sensor: a set stores the value, a get prints it in v4l2-ctl's format.</summary>
    public static StandInV4l2Ctl Sensor(int initial = 0) => new StandInV4l2Ctl(
        """printf '%s' "${2#*=}" > "$here/value" """,
        """echo "wide_dynamic_range: $(cat "$here/value")" """).WithValue(initial);

    /// <summary>Takes a set without error but changes nothing (as an old v4l2-ctl does when the ioctl fails); a get prints the value.</summary>
    public static StandInV4l2Ctl IgnoringSets(int value) => new StandInV4l2Ctl(
        "true",
        """echo "wide_dynamic_range: $(cat "$here/value")" """).WithValue(value);

    /// <summary>Prints <paramref name="text"/> for a get.</summary>
    public static StandInV4l2Ctl Printing(string text)
    {
        var tool = new StandInV4l2Ctl("true", "cat \"$here/canned.txt\"");
        File.WriteAllText(Path.Combine(tool._directory, "canned.txt"), text + "\n");
        return tool;
    }

    /// <summary>Fails every call with this message on standard error and this exit code.</summary>
    public static StandInV4l2Ctl Failing(string error, int exitCode)
    {
        var fail = $"cat \"$here/error.txt\" >&2; exit {exitCode}";
        var tool = new StandInV4l2Ctl(fail, fail);
        File.WriteAllText(Path.Combine(tool._directory, "error.txt"), error + "\n");
        return tool;
    }

    /// <summary>Never finishes; writes its process id to <see cref="HangingPid"/>'s file first.</summary>
    public static StandInV4l2Ctl Hanging()
    {
        const string Hang = """echo $$ > "$here/pid"; exec sleep 60""";
        return new StandInV4l2Ctl(Hang, Hang);
    }

    /// <summary>The process id of a <see cref="Hanging"/> stand-in (the same process after <c>exec sleep</c>).</summary>
    public int HangingPid => int.Parse(File.ReadAllText(Path.Combine(_directory, "pid")), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every call so far, as its argument list.</summary>
    public IReadOnlyList<string[]> Calls
    {
        get
        {
            var path = Path.Combine(_directory, "calls.txt");
            if (!File.Exists(path))
            {
                return [];
            }

            var calls = new List<string[]>();
            var current = new List<string>();
            foreach (var line in File.ReadAllLines(path))
            {
                if (line == EndOfCall)
                {
                    calls.Add([.. current]);
                    current.Clear();
                }
                else
                {
                    current.Add(line);
                }
            }

            return calls;
        }
    }

    /// <summary>The value a <see cref="Sensor"/> holds.</summary>
    public string Value => File.ReadAllText(Path.Combine(_directory, "value"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private StandInV4l2Ctl WithValue(int value)
    {
        File.WriteAllText(Path.Combine(_directory, "value"), value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return this;
    }
}
