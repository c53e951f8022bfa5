using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace PiCam.Bench;

/// <summary>The "startup" command: process start to the first complete frame of /stream.mjpg, N runs.</summary>
internal static class StartupProbe
{
    public static async Task<int> RunAsync(Options options)
    {
        var runs = options.GetInt("runs", 5);
        var times = new List<double>();
        string? firstError = null;
        // Run 0 is discarded: it JITs this probe and warms the page cache for the binary.
        for (var run = 0; run <= runs; run++)
        {
            var (ms, error) = await MeasureOnceAsync(options);
            Console.WriteLine($"startup run {run}{(run == 0 ? " (warm-up, discarded)" : string.Empty)}: {(ms is { } t ? $"{t:0.0} ms" : error)}");
            if (run > 0 && ms is { } value)
            {
                times.Add(value);
            }

            firstError ??= error;
            await Task.Delay(300);
        }

        var result = new StartupResult
        {
            Binary = options.Get("bin"),
            RunsMs = times,
            MedianMs = Stats.Median(times),
            Failures = runs - times.Count,
            FirstError = firstError,
        };
        await File.WriteAllTextAsync(options.Get("out"), JsonSerializer.Serialize(result, BenchJson.Default.StartupResult));
        Console.WriteLine($"startup: median {result.MedianMs:0.0} ms over {times.Count} runs");
        return 0;
    }

    private static async Task<(double? Ms, string? Error)> MeasureOnceAsync(Options options)
    {
        var info = new ProcessStartInfo(options.Get("bin"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in options.All("arg"))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var pair in options.All("env"))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            info.Environment[pair[..eq]] = pair[(eq + 1)..];
        }

        var endPoint = new IPEndPoint(IPAddress.Loopback, options.GetInt("port"));
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Process.Start returned null");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (!deadline.IsCancellationRequested)
            {
                if (process.HasExited)
                {
                    return (null, $"server exited with {process.ExitCode}: {string.Join(" | ", output.TakeLast(5))}");
                }

                var viewer = new ViewerClient(endPoint, "/stream.mjpg?timestamps=1", 4);
                using var stopViewer = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
                var running = viewer.RunAsync(stopViewer.Token);
                if (await viewer.FirstFrame)
                {
                    var ms = clock.Elapsed.TotalMilliseconds;
                    await stopViewer.CancelAsync();
                    await running;
                    return (ms, null);
                }

                await running;
                if (!viewer.ConnectRefused)
                {
                    return (null, viewer.Error ?? "stream ended before the first frame");
                }

                await Task.Delay(1);
            }

            return (null, "no frame within 10 s");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }
    }
}
