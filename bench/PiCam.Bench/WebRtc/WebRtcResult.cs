namespace PiCam.Bench.WebRtc;

/// <summary>Figures of one WebRTC load over its measurement window (written as JSON for the report).</summary>
internal sealed record WebRtcResult
{
    public required string Name { get; init; }
    public required string Label { get; init; }
    public required int Sessions { get; init; }
    public required int SessionsStreaming { get; init; }
    public required int SessionsFailed { get; init; }
    public string? FirstError { get; init; }
    public string? Profile { get; init; }
    public required double WindowSeconds { get; init; }
    public required double ExpectedFps { get; init; }
    public required long FramesWhole { get; init; }
    public required long FramesBroken { get; init; }
    public required long FramesSkipped { get; init; }

    /// <summary>Frames captured (listed by the MJPEG reference) between a session's first and last whole frame and not received whole, summed.</summary>
    public required long FramesLost { get; init; }
    public required long FramesLostMinPerSession { get; init; }
    public required long FramesLostMaxPerSession { get; init; }

    /// <summary>Captures the MJPEG reference saw in the window, and frames missing between them (the source's own gaps, not losses).</summary>
    public required int SourceCaptures { get; init; }
    public required long SourceSkipped { get; init; }
    public required long PacketsLost { get; init; }
    public required long PacketsLate { get; init; }
    public required long SrtpRejected { get; init; }
    public required double WholeFpsMin { get; init; }
    public required double WholeFpsMedian { get; init; }
    public required double MbpsPerSessionMedian { get; init; }
    public required double TotalMbps { get; init; }
    public required long LagSamples { get; init; }
    public required double LagMatchedFraction { get; init; }
    public string? LagProblem { get; init; }
    public string? LagFit { get; init; }
    public required double LagP50Ms { get; init; }
    public required double LagP99Ms { get; init; }
    public required double LagMaxMs { get; init; }
    public required double JoinP50Ms { get; init; }
    public required double JoinMaxMs { get; init; }
    public double? ServerCpuPercent { get; init; }
    public double? EncoderCpuPercent { get; init; }
    public required int ConsentChecks { get; init; }
    public required int ConsentAnswered { get; init; }
    public required int Deleted { get; init; }
    public required double LoadGenCpuPercent { get; init; }


    /// <summary>picam's and its encoder's CPU over the window, % of one core, divided by the sessions.</summary>
    public double? CpuPercentPerSession => ServerCpuPercent is { } server ? (server + (EncoderCpuPercent ?? 0)) / Sessions : null;

    /// <summary>picam's and its encoder's CPU-seconds per megabit delivered (SRTP payload and headers, as received).</summary>
    public double? CpuSecondsPerMbit => ServerCpuPercent is { } server && TotalMbps > 0 ? (server + (EncoderCpuPercent ?? 0)) / 100 / TotalMbps : null;
}
