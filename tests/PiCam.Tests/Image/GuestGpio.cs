using System.Globalization;
using System.Text.RegularExpressions;

namespace PiCam.Tests.Image;

/// <summary>
/// Reads one line of a GPIO chip in the guest from the outside, whatever library picam drives it with (its own
/// ioctls, or System.Device.Gpio through libgpiod v1 or v2, whose consumer labels differ): whether the line is
/// requested as an output (<c>gpioinfo</c> from the test image's gpiod package, v1 or v2 output), whether
/// picam's main process holds a GPIO line request (its file descriptors), and the line's level from the
/// kernel's GPIO debugfs, which reads a line without requesting it (<c>gpioget</c> would ask for the line
/// picam holds and be refused).
/// </summary>
public sealed partial class GuestGpio
{
    private readonly GuestShell _shell;
    private readonly string _chip;
    private readonly int _line;

    public GuestGpio(GuestShell shell, string chip, int line)
    {
        _shell = shell;
        _chip = chip;
        _line = line;
    }

    public async Task<GpioLineState> ReadAsync()
    {
        var (_, info) = await _shell.RunAsync("sudo gpioinfo");
        var (_, debug) = await _shell.RunAsync(
            "mountpoint -q /sys/kernel/debug || sudo mount -t debugfs debugfs /sys/kernel/debug; sudo cat /sys/kernel/debug/gpio");
        // A line request is an anonymous inode: gpio-line (uAPI v2) or gpio-linehandle (v1).
        var (_, fds) = await _shell.RunAsync(
            "sudo find /proc/$(systemctl show -p MainPID --value picam.service)/fd -lname 'anon_inode:gpio-line*' 2>/dev/null | wc -l");

        var row = Section(info, $"^{_chip} - ").FirstOrDefault(l => LineRow().Match(l) is { Success: true } m
            && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) == _line) ?? "";
        // Requested: gpiod 1.6 prints "[used]", 2.x a consumer="...".
        var output = OutputWord().IsMatch(row) && (row.Contains("[used]", StringComparison.Ordinal) || row.Contains("consumer=", StringComparison.Ordinal));
        var heldByPicam = int.TryParse(fds, CultureInfo.InvariantCulture, out var requests) && requests > 0;
        var chipDebug = Section(debug, $"^{_chip}: ").ToList();
        var level = LevelRow(debug, chipDebug);
        return new GpioLineState(output, heldByPicam, level, $"gpioinfo: {row.Trim()}\npicam's line requests: {fds}\ndebugfs {_chip}:\n{string.Join('\n', chipDebug)}");
    }

    /// <summary>Reads the line until <paramref name="done"/> holds or the time is up; returns the last reading.</summary>
    public async Task<GpioLineState> WaitForAsync(Func<GpioLineState, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var state = await ReadAsync();
        while (!done(state) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            state = await ReadAsync();
        }

        return state;
    }

    /// <summary>The lines of one chip's section: from its header line to the next blank line or chip header.</summary>
    private static IEnumerable<string> Section(string text, string header)
    {
        var lines = text.Split('\n');
        var start = Array.FindIndex(lines, l => Regex.IsMatch(l, header));
        if (start < 0)
        {
            return [];
        }

        return lines.Skip(start + 1).TakeWhile(l => l.Trim().Length > 0 && !l.StartsWith("gpiochip", StringComparison.Ordinal));
    }

    // gpiod 1.6: `line   5:      unnamed       "picam"  output  active-high [used]`;
    // gpiod 2.x: `line   5:	unnamed         	output consumer="picam"`.
    [GeneratedRegex(@"^\s*line\s+(\d+):")]
    private static partial Regex LineRow();

    [GeneratedRegex(@"\boutput\b")]
    private static partial Regex OutputWord();

    /// <summary>
    /// The level of our line in debugfs, which lists only requested lines as
    /// <c> gpio-517 (name|consumer) out hi</c>, numbered from the chip's base in its header
    /// (<c>gpiochip0: GPIOs 512-519, ...</c>); without a base, the chip's one output line.
    /// </summary>
    private bool? LevelRow(string debug, List<string> rows)
    {
        var header = Regex.Match(debug, $@"(?m)^{_chip}: GPIOs (\d+)-");
        var levels = rows.Select(r => DebugRow().Match(r)).Where(m => m.Success).ToList();
        var ours = header.Success
            ? levels.Where(m => m.Groups[1].Value == (int.Parse(header.Groups[1].Value, CultureInfo.InvariantCulture) + _line).ToString(CultureInfo.InvariantCulture))
            : levels.Where(m => m.Groups[2].Value == "out");
        return ours.Take(2).ToList() is [var only] && only.Groups[2].Value == "out" ? only.Groups[3].Value == "hi" : null;
    }

    [GeneratedRegex(@"^\s*gpio-(\d+)\s+\(.*\)\s+(out|in)\s+(hi|lo)\b")]
    private static partial Regex DebugRow();
}
