using PiCam.Platform;

namespace PiCam.Platform.Hdr;

/// <summary>
/// Sets and reads the imx708 sensor's <c>wide_dynamic_range</c> control with <c>v4l2-ctl</c> on the subdevice
/// that <see cref="Imx708Locator"/> finds. A set is read back, so success means the sensor holds the value.
/// Nothing here throws for a missing camera or tool: those are <see cref="HdrResult"/>s.
/// <para>
/// rpicam-vid resets this control when it starts unless it is given <c>--hdr</c>, so for the Pi camera source
/// HDR is rpicam-vid's flag; this control is for the other capture paths.
/// </para>
/// </summary>
internal sealed class HdrControl
{
    public const string ControlName = "wide_dynamic_range";
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private readonly string _program;
    private readonly TimeSpan _timeout;

    /// <param name="program"><c>v4l2-ctl</c>, looked up on PATH, or a path to it.</param>
    /// <param name="sysfsRoot">The directory holding <c>sys/</c>.</param>
    /// <param name="devRoot">The directory holding the device nodes.</param>
    /// <param name="timeout">How long one run of the program may take (5 s).</param>
    public HdrControl(string program = "v4l2-ctl", string sysfsRoot = "/", string devRoot = "/dev", TimeSpan? timeout = null)
    {
        _program = program;
        _timeout = timeout ?? DefaultTimeout;
        Locator = new Imx708Locator(sysfsRoot, devRoot);
    }

    public Imx708Locator Locator { get; }

    /// <summary>Runs <c>v4l2-ctl --set-ctrl wide_dynamic_range=1|0 -d DEVICE</c>, then reads the value back.</summary>
    public async Task<HdrResult> ApplyAsync(bool on, CancellationToken token = default)
    {
        var device = Locator.Find();
        if (device is null)
        {
            return NoCamera();
        }

        var set = await ToolRunner.RunAsync(_program, ["--set-ctrl", $"{ControlName}={(on ? 1 : 0)}", "-d", device], _timeout, token).ConfigureAwait(false);
        if (!set.Succeeded)
        {
            return Failure(set, device);
        }

        var check = await QueryAsync(device, token).ConfigureAwait(false);
        if (check.Outcome == HdrOutcome.Done && check.On != on)
        {
            return check with { Outcome = HdrOutcome.Failed, Message = $"set {ControlName}={(on ? 1 : 0)} on {device}, but the sensor reads {(check.On == true ? 1 : 0)}" };
        }

        return check;
    }

    /// <summary>Runs <c>v4l2-ctl --get-ctrl wide_dynamic_range -d DEVICE</c>; the result says why when it could not.</summary>
    public async Task<HdrResult> QueryAsync(CancellationToken token = default)
    {
        var device = Locator.Find();
        return device is null ? NoCamera() : await QueryAsync(device, token).ConfigureAwait(false);
    }

    /// <summary>The sensor's <c>wide_dynamic_range</c>, or null when it cannot be read.</summary>
    public async Task<bool?> ReadAsync(CancellationToken token = default) => (await QueryAsync(token).ConfigureAwait(false)).On;

    private async Task<HdrResult> QueryAsync(string device, CancellationToken token)
    {
        var get = await ToolRunner.RunAsync(_program, ["--get-ctrl", ControlName, "-d", device], _timeout, token).ConfigureAwait(false);
        if (!get.Succeeded)
        {
            return Failure(get, device);
        }

        var on = ParseValue(get.Output);
        return on is null
            ? new HdrResult(HdrOutcome.Failed, null, device, $"{ToolName} printed no {ControlName} value: {OneLine(get.Output)}")
            : new HdrResult(HdrOutcome.Done, on, device, $"{ControlName}={(on.Value ? 1 : 0)} on {device}");
    }

    /// <summary>Reads <c>wide_dynamic_range: 1</c> (v4l2-ctl's <c>--get-ctrl</c> format) as true, <c>0</c> as false.</summary>
    internal static bool? ParseValue(string output)
    {
        foreach (var line in output.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line.AsSpan(0, colon).Trim().SequenceEqual(ControlName))
            {
                return line.AsSpan(colon + 1).Trim() switch
                {
                    "1" => true,
                    "0" => false,
                    _ => null,
                };
            }
        }

        return null;
    }

    private string ToolName => Path.GetFileName(_program);

    private HdrResult NoCamera() =>
        new(HdrOutcome.NoCamera, null, null, $"no {Imx708Locator.SensorName} camera among the V4L2 subdevices in {Locator.ClassDirectory}");

    private HdrResult Failure(ToolResult run, string device)
    {
        if (run.Missing)
        {
            return new HdrResult(HdrOutcome.ToolMissing, null, device, $"{ToolName} was not found (install the v4l-utils package)");
        }

        var message = run.Problem ?? $"{ToolName} exited with code {run.ExitCode}: {OneLine(run.Errors.Length > 0 ? run.Errors : run.Output)}";
        return new HdrResult(HdrOutcome.Failed, null, device, message);
    }

    private static string OneLine(string text)
    {
        var line = string.Join(" ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length == 0 ? "(nothing)" : line.Length > 300 ? line[..300] + "…" : line;
    }
}
