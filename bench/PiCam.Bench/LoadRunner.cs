using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace PiCam.Bench;

/// <summary>
/// The "load" command: connects N viewers, waits for every first frame, warms up, then measures for a
/// fixed window: per-viewer fresh fps, lag from X-Timestamp, bytes, and server/load-generator CPU and RSS.
/// </summary>
internal static class LoadRunner
{
    public static async Task<int> RunAsync(Options options)
    {
        var port = options.GetInt("port");
        var viewerCount = options.GetInt("viewers");
        var fps = options.GetDouble("fps", 30);
        var warmup = TimeSpan.FromSeconds(options.GetDouble("warmup", 3));
        var window = TimeSpan.FromSeconds(options.GetDouble("seconds", 15));
        var name = options.Get("name");
        var endPoint = new IPEndPoint(IPAddress.Loopback, port);
        var sampler = options.Find("pid") is { } pid ? new ProcessSampler(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture)) : null;

        if (!await WaitForListenerAsync(endPoint, TimeSpan.FromSeconds(30)))
        {
            await Console.Error.WriteLineAsync($"{name}: nothing listening on {endPoint} after 30 s");
            return 1;
        }

        using var stop = new CancellationTokenSource();
        var samplerTask = sampler is null ? Task.CompletedTask : SampleRssAsync(sampler, stop.Token);
        var expectedSamples = (int)(fps * window.TotalSeconds * 1.2) + 16;
        var viewers = new ViewerClient[viewerCount];
        var runs = new Task[viewerCount];
        for (var i = 0; i < viewerCount; i++)
        {
            var viewer = viewers[i] = new ViewerClient(endPoint, options.Get("path", "/stream.mjpg?timestamps=1"), expectedSamples);
            runs[i] = Task.Run(() => viewer.RunAsync(stop.Token));
            if (i % 50 == 49)
            {
                await Task.Delay(20); // ramp: keeps the accept backlog from overflowing
            }
        }

        await Task.WhenAny(Task.WhenAll(viewers.Select(v => v.FirstFrame)), Task.Delay(TimeSpan.FromSeconds(20)));
        var streaming = viewers.Count(v => v.FirstFrame.IsCompletedSuccessfully && v.FirstFrame.Result);
        Console.WriteLine($"{name}: {streaming}/{viewerCount} viewers streaming; warm-up {warmup.TotalSeconds:0} s, measuring {window.TotalSeconds:0} s");
        await Task.Delay(warmup);

        var self = Process.GetCurrentProcess();
        var selfCpu0 = self.TotalProcessorTime;
        var serverCpu0 = sampler?.CpuSeconds();
        var clock = Stopwatch.StartNew();
        MeasurementGate.Open();
        await Task.Delay(window / 2);
        int? statusClients = options.GetBool("status") ? await StatusProbe.ClientsAsync(port) : null;
        await Task.Delay(window - clock.Elapsed);
        MeasurementGate.Close();
        var seconds = clock.Elapsed.TotalSeconds;
        var serverCpu = sampler?.CpuSeconds() - serverCpu0;
        self.Refresh();
        var selfCpu = (self.TotalProcessorTime - selfCpu0).TotalSeconds;
        var highWater = sampler?.HighWaterMarkKiB();
        sampler?.SampleRss();

        await stop.CancelAsync();
        await Task.WhenAny(Task.WhenAll(runs), Task.Delay(TimeSpan.FromSeconds(5)));
        await samplerTask;

        var result = Summarize(options, viewers, seconds, serverCpu, selfCpu, sampler, highWater, statusClients);
        await File.WriteAllTextAsync(options.Get("out"), JsonSerializer.Serialize(result, BenchJson.Default.LoadResult));
        Console.WriteLine(
            $"{name}: fresh fps min {result.FreshFpsMin:0.0} median {result.FreshFpsMedian:0.0}; lag p50 {result.LagP50Ms:0.0} p99 {result.LagP99Ms:0.0} ms; " +
            $"{result.TotalMBps:0.0} MB/s; server CPU {result.ServerCpuPercent:0}% ({result.ServerCpuSecondsPerGB:0.00} CPU-s/GB), " +
            $"RSS {result.ServerRssPeakMiB:0.0} MiB; load generator CPU {result.LoadGenCpuPercent:0}%" +
            (result.FirstError is null ? string.Empty : $"; {result.ViewersWithErrors} viewers failed, first: {result.FirstError}"));
        return 0;
    }

    private static LoadResult Summarize(Options options, ViewerClient[] viewers, double seconds, double? serverCpu,
        double selfCpu, ProcessSampler? sampler, long? highWater, int? statusClients)
    {
        var freshFps = viewers.Select(v => v.FreshFrames / seconds).Order().ToArray();
        var lags = viewers.SelectMany(v => v.LagsMs).ToArray();
        Array.Sort(lags);
        var bytes = viewers.Sum(v => v.WireBytes);
        var failed = viewers.Where(v => v.Error is not null).ToArray();
        return new LoadResult
        {
            Name = options.Get("name"),
            Label = options.Get("label", options.Get("name")),
            Viewers = viewers.Length,
            ExpectedFps = options.GetDouble("fps", 30),
            ViewersStreaming = viewers.Count(v => v.FirstFrame.IsCompletedSuccessfully && v.FirstFrame.Result),
            ViewersWithErrors = failed.Length,
            FirstError = failed.FirstOrDefault()?.Error,
            FormatIssue = viewers.Select(v => v.FormatIssue).FirstOrDefault(i => i is not null),
            WindowSeconds = seconds,
            FreshFpsMin = freshFps.Length == 0 ? 0 : freshFps[0],
            FreshFpsMedian = Stats.Median(freshFps),
            FreshFpsMax = freshFps.Length == 0 ? 0 : freshFps[^1],
            Parts = viewers.Sum(v => v.Parts),
            FreshFrames = viewers.Sum(v => v.FreshFrames),
            DuplicateParts = viewers.Sum(v => v.DuplicateParts),
            OutOfOrder = viewers.Sum(v => v.OutOfOrder),
            LagSamples = lags.Length,
            LagP50Ms = Stats.Percentile(lags, 50),
            LagP99Ms = Stats.Percentile(lags, 99),
            LagMaxMs = lags.Length == 0 ? double.NaN : lags[^1],
            WireBytes = bytes,
            TotalMBps = bytes / seconds / 1e6,
            ServerCpuPercent = serverCpu / seconds * 100,
            ServerCpuSecondsPerGB = bytes == 0 ? null : serverCpu / (bytes / 1e9),
            ServerRssPeakMiB = sampler?.PeakRssKiB / 1024.0,
            ServerRssHighWaterMiB = highWater / 1024.0,
            StatusClients = statusClients,
            LoadGenCpuPercent = selfCpu / seconds * 100,
        };
    }

    private static async Task SampleRssAsync(ProcessSampler sampler, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                sampler.SampleRss();
                await Task.Delay(100, stop);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
        }
    }

    public static async Task<bool> WaitForListenerAsync(IPEndPoint endPoint, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(endPoint);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        return false;
    }
}
