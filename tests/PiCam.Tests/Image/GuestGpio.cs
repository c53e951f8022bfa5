using System.Globalization;
using System.Text.RegularExpressions;

namespace PiCam.Tests.Image;

/// <summary>
/// Reads one line of a GPIO chip in the guest from the outside, whatever library picam drives it with: who
/// holds it and in which direction from <c>gpioinfo</c> (the test image's gpiod package, v1 or v2 output),
/// and its level from the kernel's GPIO debugfs, which reads a line without requesting it (<c>gpioget</c>
/// would ask for the line picam holds and be refused).
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
        var (_, info) = await _shell.RunAsync("gpioinfo");
        var (_, debug) = await _shell.RunAsync(
            "mountpoint -q /sys/kernel/debug || sudo mount -t debugfs debugfs /sys/kernel/debug; sudo cat /sys/kernel/debug/gpio");
        var row = Section(info, $"^{_chip} - ").FirstOrDefault(l => LineRow().Match(l) is { Success: true } m
            && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) == _line) ?? "";
        var held = row.Contains("picam", StringComparison.Ordinal) && OutputWord().IsMatch(row);
        var level = Section(debug, $"^{_chip}: ").Select(l => PicamLevel().Match(l)).FirstOrDefault(m => m.Success);
        bool? high = level is null ? null : level.Groups[1].Value == "hi";
        return new GpioLineState(held, high, $"gpioinfo: {row.Trim()}\ndebugfs:\n{string.Join('\n', Section(debug, $"^{_chip}: "))}");
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

    // debugfs: ` gpio-517 (                    |picam               ) out hi`.
    [GeneratedRegex(@"\|picam\s*\)\s+out\s+(hi|lo)\b")]
    private static partial Regex PicamLevel();
}
