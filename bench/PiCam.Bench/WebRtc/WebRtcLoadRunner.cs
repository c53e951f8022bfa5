using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using PiCam.WebRtc.Dtls;

namespace PiCam.Bench.WebRtc;

/// <summary>
/// The "webrtc" command: N WHEP viewers (<see cref="WhepViewer"/>) plus one MJPEG reference viewer whose
/// X-Timestamps give the capture times (<see cref="LagAligner"/>); waits for every first whole frame, warms
/// up, then measures a fixed window: frames whole / broken / skipped, packets lost, lag, bitrate, and the CPU
/// of picam and of its children (the H.264 encoder). Every session is DELETEd at the end.
/// </summary>
internal static class WebRtcLoadRunner
{
    public static async Task<int> RunAsync(Options options)
    {
        var port = options.GetInt("port");
        var count = options.GetInt("sessions");
        var fps = options.GetDouble("fps", 30);
        var warmup = TimeSpan.FromSeconds(options.GetDouble("warmup", 3));
        var window = TimeSpan.FromSeconds(options.GetDouble("seconds", 10));
        var name = options.Get("name");
        var endPoint = new IPEndPoint(IPAddress.Loopback, port);
        var sampler = options.Find("pid") is { } pid ? new ProcessSampler(int.Parse(pid, CultureInfo.InvariantCulture)) : null;
        if (!await LoadRunner.WaitForListenerAsync(endPoint, TimeSpan.FromSeconds(30)))
        {
            await Console.Error.WriteLineAsync($"{name}: nothing listening on {endPoint} after 30 s");
            return 1;
        }

        var server = new Uri($"http://{endPoint}/");
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) };
        using var stop = new CancellationTokenSource();
        var certificate = DtlsCertificate.Generate(TimeProvider.System);

        var captures = new List<long>(4096);
        var reference = new ViewerClient(endPoint, "/stream.mjpg?timestamps=1", 16) { CaptureTimes = captures };
        var referenceRun = Task.Run(() => reference.RunAsync(stop.Token));
        await Task.WhenAny(reference.FirstFrame, Task.Delay(TimeSpan.FromSeconds(20)));

        var viewers = new WhepViewer[count];
        var runs = new Task[count];
        for (var i = 0; i < count; i++)
        {
            var viewer = viewers[i] = new WhepViewer(server, fps, certificate, options.GetInt("drop-every", 0));
            runs[i] = Task.Run(() => viewer.RunAsync(http, stop.Token));
            if (i % 10 == 9)
            {
                await Task.Delay(100); // a ramp, as viewers arrive: 10 handshakes at a time at most
            }
        }

        await Task.WhenAny(Task.WhenAll(viewers.Select(v => v.FirstFrame)), Task.Delay(TimeSpan.FromSeconds(30)));
        var streaming = viewers.Count(v => v.FirstFrame.IsCompletedSuccessfully && v.FirstFrame.Result);
        Console.WriteLine($"{name}: {streaming}/{count} WebRTC sessions streaming; warm-up {warmup.TotalSeconds:0} s, measuring {window.TotalSeconds:0} s");
        await Task.Delay(warmup);

        var self = Process.GetCurrentProcess();
        var selfCpu0 = self.TotalProcessorTime;
        var serverCpu0 = sampler?.CpuSeconds();
        var children0 = sampler?.ChildrenCpuSeconds();
        var clock = Stopwatch.StartNew();
        MeasurementGate.Open();
        await Task.Delay(window);
        MeasurementGate.Close();
        var seconds = clock.Elapsed.TotalSeconds;
        var serverCpu = sampler?.CpuSeconds() - serverCpu0;
        double? encoderCpu = sampler is null ? null : ProcessSampler.ChildrenCpuDelta(children0!, sampler.ChildrenCpuSeconds());
        self.Refresh();
        var selfCpu = (self.TotalProcessorTime - selfCpu0).TotalSeconds;

        await Task.Delay(TimeSpan.FromMilliseconds(300)); // the last frames of the window still arriving
        await stop.CancelAsync();
        await Task.WhenAny(Task.WhenAll(runs), Task.Delay(TimeSpan.FromSeconds(20)));
        await Task.WhenAny(referenceRun, Task.Delay(TimeSpan.FromSeconds(5)));

        var result = Summarize(options, viewers, [.. captures.Order()], seconds, serverCpu, encoderCpu, selfCpu);
        await File.WriteAllTextAsync(options.Get("out"), JsonSerializer.Serialize(result, BenchJson.Default.WebRtcResult));
        Console.WriteLine(
            $"{name}: {result.SessionsStreaming}/{result.Sessions} streaming ({result.Profile}); whole fps min {result.WholeFpsMin:0.0} median {result.WholeFpsMedian:0.0}; " +
            $"frames lost {result.FramesLost} ({result.FramesLostMinPerSession}..{result.FramesLostMaxPerSession} a session; {result.FramesBroken} broken, {result.FramesSkipped} skipped by RTP time), packets lost {result.PacketsLost}; " +
            $"the source captured {result.SourceCaptures} frames in the window, skipping {result.SourceSkipped}; " +
            $"lag p50 {result.LagP50Ms:0.0} p99 {result.LagP99Ms:0.0} ms ({result.LagMatchedFraction:P0} of frames matched, offset fit {result.LagFit}{(result.LagProblem is null ? "" : "; " + result.LagProblem)}); " +
            $"{result.MbpsPerSessionMedian:0.00} Mbit/s a session; picam CPU {result.ServerCpuPercent:0}% + encoder {result.EncoderCpuPercent:0}%; " +
            $"load generator CPU {result.LoadGenCpuPercent:0}%; {result.Deleted}/{result.Sessions} DELETEd" +
            (result.FirstError is null ? string.Empty : $"; {result.SessionsFailed} failed, first: {result.FirstError}"));
        return 0;
    }

    /// <summary>Frames the source itself skipped in the window (gaps in the reference's capture times), and how many it captured.</summary>
    private static (long Skipped, int Captured) SourceGaps(long[] captures, WhepViewer[] viewers, double fps)
    {
        var received = viewers.SelectMany(v => v.Frames.Frames).Select(f => f.ArrivalMicros).ToArray();
        if (received.Length == 0)
        {
            return (0, 0);
        }

        // The window as the viewers saw it, moved back by a generous lag: captures of the frames they received then.
        var from = received.Min() - 500_000;
        var to = received.Max() - 500_000;
        var inWindow = captures.Where(c => c >= from && c <= to).ToArray();
        long skipped = 0;
        for (var i = 1; i < inWindow.Length; i++)
        {
            skipped += Math.Max(0, (long)Math.Round((inWindow[i] - inWindow[i - 1]) * fps / 1e6) - 1);
        }

        return (skipped, inWindow.Length);
    }

    private static WebRtcResult Summarize(Options options, WhepViewer[] viewers, long[] captures, double seconds,
        double? serverCpu, double? encoderCpu, double selfCpu)
    {
        var lags = new List<float>();
        long frames = 0, matched = 0;
        string? lagProblem = null, lagFit = null;
        var lost = new List<long>(viewers.Length);
        foreach (var viewer in viewers)
        {
            var whole = viewer.Frames.Frames.Where(f => f.Whole).ToList();
            var (viewerLags, viewerCaptures, problem, fit) = LagAligner.Align(whole, captures);
            lagFit ??= fit;
            lags.AddRange(viewerLags);
            frames += whole.Count;
            matched += viewerCaptures.Count;
            lagProblem ??= problem;
            // Lost = captured (the reference saw it) between this viewer's first and last whole frame, and not received whole.
            lost.Add(viewerCaptures.Count == 0 ? viewer.Frames.BrokenFrames + viewer.Frames.SkippedFrames
                : LagAligner.CountBetween(captures, viewerCaptures[0], viewerCaptures[^1]) - viewerCaptures.Distinct().Count());
        }

        var (sourceSkipped, windowCaptures) = SourceGaps(captures, viewers, options.GetDouble("fps", 30));
        var sortedLags = lags.ToArray();
        Array.Sort(sortedLags);
        var joins = viewers.Where(v => v.JoinMs is not null).Select(v => v.JoinMs!.Value).Order().ToArray();
        var failed = viewers.Where(v => v.Error is not null).ToArray();
        var bytes = viewers.Sum(v => v.Frames.Bytes);
        return new WebRtcResult
        {
            Name = options.Get("name"),
            Label = options.Get("label", options.Get("name")),
            Sessions = viewers.Length,
            SessionsStreaming = viewers.Count(v => v.FirstFrame.IsCompletedSuccessfully && v.FirstFrame.Result),
            SessionsFailed = failed.Length,
            FirstError = failed.FirstOrDefault()?.Error,
            Profile = viewers.Select(v => v.Profile).FirstOrDefault(p => p is not null),
            WindowSeconds = seconds,
            ExpectedFps = options.GetDouble("fps", 30),
            FramesWhole = viewers.Sum(v => v.Frames.Frames.Count(f => f.Whole)),
            FramesBroken = viewers.Sum(v => v.Frames.BrokenFrames),
            FramesSkipped = viewers.Sum(v => v.Frames.SkippedFrames),
            FramesLost = lost.Sum(),
            FramesLostMinPerSession = lost.Count == 0 ? 0 : lost.Min(),
            FramesLostMaxPerSession = lost.Count == 0 ? 0 : lost.Max(),
            SourceCaptures = windowCaptures,
            SourceSkipped = sourceSkipped,
            PacketsLost = viewers.Sum(v => v.Frames.PacketsLost),
            PacketsLate = viewers.Sum(v => v.Frames.PacketsLate),
            SrtpRejected = viewers.Sum(v => v.SrtpRejected),
            WholeFpsMin = viewers.Length == 0 ? 0 : viewers.Min(v => v.Frames.Frames.Count(f => f.Whole)) / seconds,
            WholeFpsMedian = Stats.Median(viewers.Select(v => v.Frames.Frames.Count(f => f.Whole) / seconds)),
            MbpsPerSessionMedian = Stats.Median(viewers.Select(v => v.Frames.Bytes * 8 / seconds / 1e6)),
            TotalMbps = bytes * 8 / seconds / 1e6,
            LagSamples = sortedLags.Length,
            LagMatchedFraction = frames == 0 ? 0 : (double)matched / frames,
            LagProblem = lagProblem,
            LagFit = lagFit,
            LagP50Ms = Stats.Percentile(sortedLags, 50),
            LagP99Ms = Stats.Percentile(sortedLags, 99),
            LagMaxMs = sortedLags.Length == 0 ? double.NaN : sortedLags[^1],
            JoinP50Ms = Stats.Percentile(joins, 50),
            JoinMaxMs = joins.Length == 0 ? double.NaN : joins[^1],
            ServerCpuPercent = serverCpu / seconds * 100,
            EncoderCpuPercent = encoderCpu / seconds * 100,
            ConsentChecks = viewers.Sum(v => v.ConsentChecks),
            ConsentAnswered = viewers.Sum(v => v.ConsentAnswered),
            Deleted = viewers.Count(v => v.Deleted),
            LoadGenCpuPercent = selfCpu / seconds * 100,
        };
    }
}
