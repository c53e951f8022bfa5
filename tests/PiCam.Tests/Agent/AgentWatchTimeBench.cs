using System.Globalization;
using System.Text;
using PiCam.Tests.Support;

namespace PiCam.Tests.Agent;

/// <summary>
/// make bench's figure for the device agent: milliseconds from the viewer's <c>watch_request</c> to its first decoded
/// frame, direct and through coturn, measured in one run on the relay tests' world (<see cref="SeparatedAgent"/>), the
/// relayed paths as a ratio to the direct one. Writes <c>agent-watch.md</c> into bench/run.sh's results directory.
/// </summary>
[Trait("Category", "Bench")]
public sealed class AgentWatchTimeBench
{
    [BenchFact]
    public async Task Bench_WatchRequestToFirstDecodedFrame_DirectAndThroughCoturn()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("BENCH_AGENT_ROUNDS"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 3;
        var within = PicamBinary.Scaled(TimeSpan.FromSeconds(30));
        var direct = new Figures("direct: Chromium beside the backend, to the device's host candidate");
        var viewerRelayed = new Figures("Chromium relayed: TURN only, to the device's host candidate");
        var bothRelayed = new Figures("both relayed: the device's relayed candidate to Chromium's (coturn refuses both hosts' addresses)");
        var warmUp = new Figures("warm-up");
        await using (var world = await SeparatedAgent.StartAsync(deviceMustRelay: false))
        {
            // The first session of an agent also starts its capture and encoder: not a figure of the path.
            await MeasureAsync(world, warmUp, relay: false, inTheCloud: true, within);
            for (var i = 0; i < rounds; i++)
            {
                await MeasureAsync(world, direct, relay: false, inTheCloud: true, within);
                await MeasureAsync(world, viewerRelayed, relay: true, inTheCloud: false, within);
            }
        }

        await using (var world = await SeparatedAgent.StartAsync(deviceMustRelay: true))
        {
            await MeasureAsync(world, warmUp, relay: false, inTheCloud: true, within);
            // A path that does not work would cost the whole timeout each round: once is enough to say so.
            for (var i = 0; i < rounds && bothRelayed.Failure is null; i++)
            {
                await MeasureAsync(world, bothRelayed, relay: true, inTheCloud: false, within);
            }

            if (bothRelayed.Failure is not null && !world.DeviceCandidates().Any(c => c.Contains(" typ relay ", StringComparison.Ordinal)))
            {
                bothRelayed.Failure += "; the device offered no relayed candidate";
            }
        }

        var report = Markdown(rounds, direct, [direct, viewerRelayed, bothRelayed]);
        await File.WriteAllTextAsync(Path.Combine(Environment.GetEnvironmentVariable(BenchFactAttribute.ResultsVariable)!, "agent-watch.md"), report);
        Console.WriteLine(report);
        Assert.True(direct.RunsMs.Count == rounds, $"The direct path, which needs nothing but the ICE-lite device, failed: {direct.Failure}");
    }

    private static async Task MeasureAsync(SeparatedAgent world, Figures figures, bool relay, bool inTheCloud, TimeSpan within)
    {
        await using var browser = await world.WatchAsync(relay, inTheCloud);
        var (ms, why) = await SeparatedAgent.FirstFrameAsync(browser, within);
        if (ms is { } value)
        {
            figures.RunsMs.Add(value);
        }
        else
        {
            figures.Failure ??= why;
        }

        await browser.EvaluateAsync(WatchScript.Leave);
    }

    private static string Markdown(int rounds, Figures direct, IEnumerable<Figures> all)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"\nDevice agent: watch_request → first decoded frame (headless Chromium through the test suite's backend stand-in, " +
            $"`picam --backend … --device-id {SeparatedAgent.DeviceId} --video-source fake`, 640x360; device and Chromium in separate network namespaces, coturn between them; " +
            $"{rounds} rounds a path after a warm-up, one run; median: the upper middle for an even count):\n");
        text.AppendLine("| Path | Median (ms) | Runs (ms) | × direct |");
        text.AppendLine("|---|---|---|---|");
        foreach (var figures in all)
        {
            var median = figures.Median;
            var runs = string.Join(", ", figures.RunsMs.Select(ms => ms.ToString("0", CultureInfo.InvariantCulture)));
            var ratio = median is { } m && direct.Median is { } d && d > 0 ? (m / d).ToString("0.00", CultureInfo.InvariantCulture) : "—";
            var failure = figures.Failure is null ? "" : $"{(runs.Length > 0 ? "; " : "")}failed: {figures.Failure}";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {figures.Label} | {(median is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "—")} | {runs}{failure} | {ratio} |");
        }

        return text.ToString();
    }

    private sealed class Figures(string label)
    {
        public string Label { get; } = label;

        public List<double> RunsMs { get; } = [];

        public string? Failure { get; set; }

        public double? Median => RunsMs.Count == 0 ? null : RunsMs.Order().ElementAt(RunsMs.Count / 2);
    }
}
