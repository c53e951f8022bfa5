using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace PiCam.Bench;

/// <summary>
/// The "soak" command: up to N viewers at a time for a long run, each watching 2–30 s, then leaving and
/// coming back 0–2 s later, while a page-like client polls /status every 2 s. Every 5 s it samples the
/// server's RSS and open descriptors; the verdict compares the second fifth of the run with the last.
/// </summary>
internal static class SoakRunner
{
    public static async Task<int> RunAsync(Options options)
    {
        var port = options.GetInt("port");
        var pid = options.GetInt("pid");
        var maxViewers = options.GetInt("viewers", 50);
        var duration = TimeSpan.FromSeconds(options.GetDouble("seconds", 1800));
        var every = TimeSpan.FromSeconds(options.GetDouble("sample-every", 5));
        var endPoint = new IPEndPoint(IPAddress.Loopback, port);
        var sampler = new ProcessSampler(pid);
        using var stop = new CancellationTokenSource(duration);
        long sessions = 0, failed = 0, active = 0;
        string? firstError = null;

        async Task ViewerLoopAsync(int seed)
        {
            var random = new Random(seed);
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 3000)), CancellationToken.None);
            while (!stop.IsCancellationRequested)
            {
                using var session = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                session.CancelAfter(TimeSpan.FromSeconds(2 + random.NextDouble() * 28));
                var viewer = new ViewerClient(endPoint, "/stream.mjpg?timestamps=1", 0);
                Interlocked.Increment(ref active);
                await viewer.RunAsync(session.Token);
                Interlocked.Decrement(ref active);
                Interlocked.Increment(ref sessions);
                if (viewer.Error is not null && !stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, viewer.Error, null);
                }

                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 2000)), stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        async Task PollStatusAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await StatusProbe.ClientsAsync(port);
                    await Task.Delay(TimeSpan.FromSeconds(2), stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        var tasks = Enumerable.Range(0, maxViewers).Select(i => Task.Run(() => ViewerLoopAsync(i))).Append(Task.Run(PollStatusAsync)).ToList();
        var samples = new List<SoakSample>();
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(every);
        try
        {
            do
            {
                var fds = Directory.Exists($"/proc/{pid}/fd") ? Directory.GetFiles($"/proc/{pid}/fd").Length : 0;
                samples.Add(new SoakSample(Math.Round(clock.Elapsed.TotalSeconds, 1), sampler.SampleRss() / 1024.0, fds, (int)Interlocked.Read(ref active)));
                if (samples.Count % 12 == 1)
                {
                    var s = samples[^1];
                    Console.WriteLine($"soak: {s.At,6:0} s  RSS {s.RssMiB,5:0.0} MiB  descriptors {s.Fds,4}  viewers {s.Viewers,3}  sessions {Interlocked.Read(ref sessions)}");
                }
            }
            while (await timer.WaitForNextTickAsync(stop.Token));
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(tasks);
        var fifth = Math.Max(1, samples.Count / 5);
        var early = samples.Skip(fifth).Take(fifth).ToList();
        var late = samples.Skip(samples.Count - fifth).ToList();
        var result = new SoakResult
        {
            Seconds = Math.Round(clock.Elapsed.TotalSeconds),
            MaxViewers = maxViewers,
            Sessions = sessions,
            FailedSessions = failed,
            FirstError = firstError,
            Samples = samples,
            RssEarlyMiB = Stats.Median(early.Select(s => s.RssMiB).ToList()),
            RssLateMiB = Stats.Median(late.Select(s => s.RssMiB).ToList()),
            RssPeakMiB = sampler.PeakRssKiB / 1024.0,
            FdsEarly = Stats.Median(early.Select(s => (double)s.Fds).ToList()),
            FdsLate = Stats.Median(late.Select(s => (double)s.Fds).ToList()),
        };
        await File.WriteAllTextAsync(options.Get("out"), JsonSerializer.Serialize(result, BenchJson.Default.SoakResult));
        Console.WriteLine($"soak: {result.Seconds:0} s, {sessions} viewer sessions ({failed} failed); RSS {result.RssEarlyMiB:0.0} → {result.RssLateMiB:0.0} MiB ({(result.RssFlat ? "flat" : "GROWING")}), descriptors {result.FdsEarly:0} → {result.FdsLate:0} ({(result.FdsFlat ? "flat" : "GROWING")})");
        return 0;
    }
}
