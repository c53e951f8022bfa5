using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PiCam.Bench;

/// <summary>The "report" command: one table of all runs, ratios to the floor, PASS/MISS per target.</summary>
internal static class Report
{
    private static readonly string[] Order = ["floor-100", "floor-500", "picam-1", "picam-20", "picam-100", "picam-500"];

    public static int Run(Options options)
    {
        var dir = options.Get("dir");
        var loads = new Dictionary<string, LoadResult>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(dir, "*.json").Where(f => Path.GetFileName(f) is not ("startup.json" or "soak.json")
            && !Path.GetFileName(f).StartsWith(WebRtc.WebRtcReport.Prefix, StringComparison.Ordinal)))
        {
            var result = JsonSerializer.Deserialize(File.ReadAllText(file), BenchJson.Default.LoadResult);
            if (result is not null)
            {
                loads[result.Name] = result;
            }
        }

        var startupFile = Path.Combine(dir, "startup.json");
        var startup = File.Exists(startupFile) ? JsonSerializer.Deserialize(File.ReadAllText(startupFile), BenchJson.Default.StartupResult) : null;
        var soakFile = Path.Combine(dir, "soak.json");
        var soak = File.Exists(soakFile) ? JsonSerializer.Deserialize(File.ReadAllText(soakFile), BenchJson.Default.SoakResult) : null;

        var text = new StringBuilder();
        text.AppendLine("| Load | Viewers streaming | Fresh fps min / median | Lag p50 / p99 (ms) | Server CPU | CPU-s/GB | × floor | Peak RSS (MiB) | Load-gen CPU | MB/s |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in Order.Where(loads.ContainsKey).Select(n => loads[n]).Concat(loads.Values.Where(r => !Order.Contains(r.Name))))
        {
            // InvariantGlobalization (Directory.Build.props) makes every format below culture-invariant.
            text.AppendLine(
                $"| {r.Label} | {r.ViewersStreaming}/{r.Viewers} | {r.FreshFpsMin:0.0} / {r.FreshFpsMedian:0.0} | {r.LagP50Ms:0.0} / {r.LagP99Ms:0.0} | " +
                $"{Num(r.ServerCpuPercent, "0")}% | {Num(r.ServerCpuSecondsPerGB, "0.00")} | {Num(Ratio(loads, r), "0.00")} | " +
                $"{Num(r.ServerRssPeakMiB, "0.0")} | {r.LoadGenCpuPercent:0}% | {r.TotalMBps:0.0} |");
        }

        if (startup is not null)
        {
            text.AppendLine($"\nStartup of {startup.Binary} (process start → first complete frame): median {startup.MedianMs:0.0} ms; runs {string.Join(", ", startup.RunsMs.Select(ms => ms.ToString("0.0", CultureInfo.InvariantCulture)))} ms" +
                (startup.Failures > 0 ? $"; {startup.Failures} failed: {startup.FirstError}" : string.Empty));
        }

        if (soak is not null)
        {
            text.AppendLine($"\nSoak: {soak.Seconds / 60:0.#} min, up to {soak.MaxViewers} viewers joining and leaving, {soak.Sessions} sessions ({soak.FailedSessions} failed{(soak.FirstError is null ? string.Empty : $": {soak.FirstError}")}); " +
                $"RSS {soak.RssEarlyMiB:0.0} → {soak.RssLateMiB:0.0} MiB (median of the second fifth → the last fifth; peak {soak.RssPeakMiB:0.0}), descriptors {soak.FdsEarly:0} → {soak.FdsLate:0}");
        }

        text.AppendLine("\nServer CPU is % of one core (the machine has 2: 200% = all of it). × floor = picam's CPU-s/GB ÷ the floor server's at the same load.\n");
        text.AppendLine("| Target | Measured | Result |");
        text.AppendLine("|---|---|---|");
        loads.TryGetValue("picam-100", out var p100);
        loads.TryGetValue("picam-500", out var p500);
        Target(text, "100 viewers: ≤ 1.0 server CPU-s per GB", p100?.ServerCpuSecondsPerGB, v => v <= 1.0, "0.00");
        Target(text, "100 viewers: every viewer ≥ 29 fresh fps", p100?.FreshFpsMin, v => v >= 29, "0.0");
        Target(text, "100 viewers: lag p99 < 20 ms", p100?.LagP99Ms, v => v < 20, "0.0");
        Target(text, "100 viewers: server RSS ≤ 30 MiB", p100?.ServerRssPeakMiB, v => v <= 30, "0.0");
        Target(text, "500 viewers: every viewer ≥ 14.5 fresh fps", p500?.FreshFpsMin, v => v >= 14.5, "0.0");
        Target(text, "500 viewers: lag p99 < 50 ms", p500?.LagP99Ms, v => v < 50, "0.0");
        Target(text, "start → first frame < 150 ms (median)", startup?.MedianMs, v => v < 150, "0.0");
        if (soak is not null)
        {
            text.AppendLine($"| soak: RSS flat (late ≤ early + max(10%, 4 MiB)) | {soak.RssEarlyMiB:0.0} → {soak.RssLateMiB:0.0} MiB | {(soak.RssFlat ? "PASS" : "MISS")} |");
            text.AppendLine($"| soak: descriptors flat (late ≤ early + 8) | {soak.FdsEarly:0} → {soak.FdsLate:0} | {(soak.FdsFlat ? "PASS" : "MISS")} |");
        }

        var notes = Observations(loads.Values).ToList();
        if (notes.Count > 0)
        {
            text.AppendLine("\nObservations:");
            notes.ForEach(n => text.AppendLine($"- {n}"));
        }

        WebRtc.WebRtcReport.Append(text, dir);
        // The device agent's watch times: a Markdown table the test suite's AgentWatchTimeBench wrote (bench/run.sh).
        var agentWatch = Path.Combine(dir, "agent-watch.md");
        if (File.Exists(agentWatch))
        {
            text.Append(File.ReadAllText(agentWatch));
        }

        Console.Write(text);
        if (options.Find("markdown") is { } markdown)
        {
            File.WriteAllText(markdown, text.ToString());
        }

        return 0;
    }

    private static IEnumerable<string> Observations(IEnumerable<LoadResult> loads)
    {
        foreach (var r in loads.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            if (r.ViewersStreaming < r.Viewers)
            {
                yield return $"{r.Name}: only {r.ViewersStreaming} of {r.Viewers} viewers got a first frame";
            }

            if (r.ViewersWithErrors > 0)
            {
                yield return $"{r.Name}: {r.ViewersWithErrors} viewers failed; first error: {r.FirstError}";
            }

            if (r.FormatIssue is not null)
            {
                yield return $"{r.Name}: format: {r.FormatIssue}";
            }

            if (r.DuplicateParts > 0 || r.OutOfOrder > 0)
            {
                yield return $"{r.Name}: {r.DuplicateParts} parts repeated the previous frame's X-Timestamp, {r.OutOfOrder} went backwards";
            }

            if (r.StatusClients is { } clients && clients != r.Viewers)
            {
                yield return $"{r.Name}: /status reported {clients} clients while {r.Viewers} viewers were connected";
            }

            var fraction = r.FreshFpsMedian / r.ExpectedFps;
            if (fraction is < 0.97 or > 1.005)
            {
                yield return $"{r.Name}: median viewer got {r.FreshFpsMedian:0.00} fresh fps for a {r.ExpectedFps} fps source ({fraction:P1})";
            }
        }
    }

    private static double? Ratio(Dictionary<string, LoadResult> loads, LoadResult r) =>
        r.Name.StartsWith("picam-", StringComparison.Ordinal) && loads.TryGetValue("floor-" + r.Name["picam-".Length..], out var floor)
            ? r.ServerCpuSecondsPerGB / floor.ServerCpuSecondsPerGB
            : null;

    private static void Target(StringBuilder text, string target, double? measured, Func<double, bool> pass, string format) =>
        text.AppendLine($"| {target} | {Num(measured, format)} | {(measured is { } v && !double.IsNaN(v) ? (pass(v) ? "PASS" : "MISS") : "n/a")} |");

    private static string Num(double? value, string format) =>
        value is { } v && !double.IsNaN(v) && !double.IsInfinity(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";
}
