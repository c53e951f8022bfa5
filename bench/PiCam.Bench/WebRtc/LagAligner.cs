namespace PiCam.Bench.WebRtc;

/// <summary>
/// Puts the server's capture time on each received frame. Without sender reports the RTP timestamp's origin
/// is the server's secret, but its steps are the capture clock's (the server stamps a picture with the
/// monotonic time its JPEG was complete), and one MJPEG reference viewer (<c>?timestamps=1</c>) lists every
/// capture's wall-clock time (X-Timestamp, taken at the same moment). The frame sequence's timestamp steps
/// fit the capture list at exactly one offset: found on the first frames (a wrong offset matches by chance
/// only, and is rejected when a second one fits nearly as well), then followed frame by frame so a slewing
/// wall clock does not lose it. Lag = the last packet's arrival − the matched capture time.
/// </summary>
internal static class LagAligner
{
    /// <summary>RTP is 90 kHz (11 µs), X-Timestamp µs, the two stamps a few µs apart: 60 µs is ample and far below a frame.</summary>
    public const double ToleranceMicros = 60;
    private const int ProbeFrames = 60;

    /// <returns>The lags of the matched frames; how many matched; why none did, if so; how the offset was told
    /// apart ("best/probe vs runner-up/probe" frames fitting).</returns>
    public static (List<float> LagsMs, List<long> MatchedCaptures, string? Problem, string? Fit) Align(IReadOnlyList<ReceivedFrame> frames, long[] captures)
    {
        var lags = new List<float>(frames.Count);
        var matched = new List<long>(frames.Count);
        if (frames.Count == 0 || captures.Length == 0)
        {
            return (lags, matched, frames.Count == 0 ? null : "no capture times from the MJPEG reference viewer", null);
        }

        var origin = frames[0].RtpTimestamp;
        double Relative(int i) => (frames[i].RtpTimestamp - origin) * (1e6 / 90_000);
        var probe = Math.Min(ProbeFrames, frames.Count);
        var best = (Offset: 0.0, Score: -1);
        var second = -1;
        foreach (var capture in captures)
        {
            // The first frame was captured before it arrived, and not seconds before.
            if (capture > frames[0].ArrivalMicros || capture < frames[0].ArrivalMicros - 3_000_000)
            {
                continue;
            }

            var offset = capture - Relative(0);
            var score = 0;
            for (var i = 0; i < probe; i++)
            {
                score += Nearest(captures, Relative(i) + offset) is { } c && Math.Abs(c - (Relative(i) + offset)) <= ToleranceMicros ? 1 : 0;
            }

            if (score > best.Score)
            {
                second = best.Score;
                best = (offset, score);
            }
            else if (score > second)
            {
                second = score;
            }
        }

        var fit = $"{Math.Max(best.Score, 0)}/{probe} vs {Math.Max(second, 0)}/{probe}";
        if (best.Score < probe * 0.8)
        {
            return (lags, matched, $"the frames' RTP timestamps fit the MJPEG capture times at no offset ({Math.Max(best.Score, 0)}/{probe} matched)", fit);
        }

        if (second >= best.Score * 0.8)
        {
            return (lags, matched, $"the frames' RTP timestamps fit two offsets ({best.Score} and {second} of {probe} matched): too regular to tell", fit);
        }

        var current = best.Offset;
        for (var i = 0; i < frames.Count; i++)
        {
            var expected = Relative(i) + current;
            if (Nearest(captures, expected) is { } c && Math.Abs(c - expected) <= ToleranceMicros)
            {
                current = c - Relative(i);
                matched.Add(c);
                lags.Add((frames[i].ArrivalMicros - c) / 1000f);
            }
        }

        return (lags, matched, null, fit);
    }

    /// <summary>How many of the sorted <paramref name="captures"/> lie in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public static int CountBetween(long[] captures, long from, long to)
    {
        var lo = Array.BinarySearch(captures, from);
        var hi = Array.BinarySearch(captures, to);
        lo = lo < 0 ? ~lo : lo;
        hi = hi < 0 ? ~hi - 1 : hi;
        return Math.Max(0, hi - lo + 1);
    }

    private static long? Nearest(long[] sorted, double value)
    {
        var at = Array.BinarySearch(sorted, (long)Math.Round(value));
        if (at >= 0)
        {
            return sorted[at];
        }

        at = ~at;
        long? below = at > 0 ? sorted[at - 1] : null;
        long? above = at < sorted.Length ? sorted[at] : null;
        return below is null ? above : above is null ? below : value - below.Value <= above.Value - value ? below : above;
    }
}
