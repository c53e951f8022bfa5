using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PiCam.Bench.WebRtc;

/// <summary>
/// The WebRTC table of the report: each webrtc-N load beside webrtc-mjpeg-N (N MJPEG viewers of the same
/// picture on the same server, measured just before), and PASS/MISS against issue 10's targets.
/// </summary>
internal static class WebRtcReport
{
    public const string Prefix = "webrtc-";
    private const string MjpegPrefix = "webrtc-mjpeg-";

    public static void Append(StringBuilder text, string dir)
    {
        var webrtc = new SortedDictionary<int, WebRtcResult>();
        var mjpeg = new Dictionary<int, LoadResult>();
        foreach (var file in Directory.GetFiles(dir, Prefix + "*.json"))
        {
            var json = File.ReadAllText(file);
            if (Path.GetFileName(file).StartsWith(MjpegPrefix, StringComparison.Ordinal))
            {
                if (JsonSerializer.Deserialize(json, BenchJson.Default.LoadResult) is { } load)
                {
                    mjpeg[load.Viewers] = load;
                }
            }
            else if (JsonSerializer.Deserialize(json, BenchJson.Default.WebRtcResult) is { } result)
            {
                webrtc[result.Sessions] = result;
            }
        }

        if (webrtc.Count == 0)
        {
            return;
        }

        text.AppendLine("\nWebRTC (WHEP, H.264 from the MJPEG source through picam's ffmpeg encoder):\n");
        text.AppendLine("| Load | Sessions streaming | Mbit/s a session | Whole fps min / median | Frames lost (a session: min..max) | Packets lost | Lag p50 / p99 (ms) | Join p50 / max (ms) | picam + encoder CPU | CPU a session | MJPEG CPU a viewer | CPU-ms per Mbit: WebRTC / MJPEG |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (n, r) in webrtc)
        {
            mjpeg.TryGetValue(n, out var m);
            text.AppendLine(
                $"| {r.Label} | {r.SessionsStreaming}/{r.Sessions} | {r.MbpsPerSessionMedian:0.00} | {r.WholeFpsMin:0.0} / {r.WholeFpsMedian:0.0} | " +
                $"{r.FramesLost} ({r.FramesLostMinPerSession}..{r.FramesLostMaxPerSession}) | {r.PacketsLost} | {r.LagP50Ms:0.0} / {r.LagP99Ms:0.0} | {r.JoinP50Ms:0} / {r.JoinMaxMs:0} | " +
                $"{Num(r.ServerCpuPercent, "0")}% + {Num(r.EncoderCpuPercent, "0")}% | {Num(r.CpuPercentPerSession, "0.0")}% | {Num(MjpegPerViewer(m), "0.0")}% | " +
                $"{Num(r.CpuSecondsPerMbit * 1000, "0.0")} / {Num(MjpegPerMbit(m) * 1000, "0.0")} |");
        }

        text.AppendLine("\nCPU is % of one core over the window, from /proc; WebRTC's includes picam's encoder (ffmpeg, a child that runs only while a session exists) " +
            "and one MJPEG reference viewer (its X-Timestamps date the captures). MJPEG a viewer = picam's CPU with N viewers of the same fixture ÷ N. " +
            "Lag = the frame's last packet arriving − the capture time of its JPEG (see docs/PERFORMANCE.md, WebRTC).\n");
        text.AppendLine("| Target | Measured | Result |");
        text.AppendLine("|---|---|---|");
        webrtc.TryGetValue(50, out var w50);
        mjpeg.TryGetValue(50, out var m50);
        Target(text, "50 sessions: all streaming, no frame lost", w50 is null ? null : $"{w50.SessionsStreaming}/50, {w50.FramesLost} lost",
            w50 is null ? null : w50.SessionsStreaming == 50 && w50.FramesLost == 0 && w50.FramesWhole > 0);
        Target(text, "50 sessions: lag p99 < 50 ms", w50 is null ? null : Num(w50.LagP99Ms, "0.0") + " ms",
            w50 is null || double.IsNaN(w50.LagP99Ms) ? null : w50.LagP99Ms < 50);
        var perSession = w50?.CpuPercentPerSession;
        var perViewer = MjpegPerViewer(m50);
        Target(text, "50 sessions: CPU a session ≤ MJPEG's a viewer (50 viewers)", $"{Num(perSession, "0.00")}% vs {Num(perViewer, "0.00")}%",
            perSession is { } s && perViewer is { } v ? s <= v : null);

        foreach (var r in webrtc.Values)
        {
            if (r.FirstError is not null)
            {
                text.AppendLine($"- {r.Name}: {r.SessionsFailed} sessions failed; first: {r.FirstError}");
            }

            text.AppendLine($"- {r.Name}: lag from {r.LagMatchedFraction:P0} of whole frames (capture-time fit {r.LagFit ?? "none"}){(r.LagProblem is null ? "" : $"; {r.LagProblem}")}; " +
                $"frames broken {r.FramesBroken}, skipped by RTP time {r.FramesSkipped}; the source captured {r.SourceCaptures} frames in the window, skipping {r.SourceSkipped}; " +
                $"{r.ConsentAnswered}/{r.ConsentChecks} consent checks answered, {r.Deleted}/{r.Sessions} sessions DELETEd; SRTP {r.Profile}; load generator CPU {r.LoadGenCpuPercent:0}%");

            if (r.SrtpRejected > 0 || r.PacketsLate > 0)
            {
                text.AppendLine($"- {r.Name}: {r.SrtpRejected} packets failed SRTP authentication, {r.PacketsLate} arrived late or twice");
            }
        }
    }

    private static double? MjpegPerViewer(LoadResult? m) => m?.ServerCpuPercent / m?.Viewers;

    private static double? MjpegPerMbit(LoadResult? m) =>
        m?.ServerCpuPercent is { } cpu && m.WireBytes > 0 ? cpu / 100 / (m.WireBytes * 8 / m.WindowSeconds / 1e6) : null;

    private static void Target(StringBuilder text, string target, string? measured, bool? pass) =>
        text.AppendLine($"| {target} | {measured ?? "–"} | {(pass is { } p ? (p ? "PASS" : "MISS") : "n/a")} |");

    private static string Num(double? value, string format) =>
        value is { } v && !double.IsNaN(v) && !double.IsInfinity(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";
}
