namespace PiCam.Bench;

/// <summary>Figures of one load run over its measurement window (written as JSON for the report).</summary>
internal sealed record LoadResult
{
    public required string Name { get; init; }
    public required string Label { get; init; }
    public required int Viewers { get; init; }
    public required double ExpectedFps { get; init; }
    public required int ViewersStreaming { get; init; }
    public required int ViewersWithErrors { get; init; }
    public string? FirstError { get; init; }
    public string? FormatIssue { get; init; }
    public required double WindowSeconds { get; init; }
    public required double FreshFpsMin { get; init; }
    public required double FreshFpsMedian { get; init; }
    public required double FreshFpsMax { get; init; }
    public required long Parts { get; init; }
    public required long FreshFrames { get; init; }
    public required long DuplicateParts { get; init; }
    public required long OutOfOrder { get; init; }
    public required long LagSamples { get; init; }
    public required double LagP50Ms { get; init; }
    public required double LagP99Ms { get; init; }
    public required double LagMaxMs { get; init; }
    public required long WireBytes { get; init; }
    public required double TotalMBps { get; init; }
    public double? ServerCpuPercent { get; init; }
    public double? ServerCpuSecondsPerGB { get; init; }
    public double? ServerRssPeakMiB { get; init; }
    public double? ServerRssHighWaterMiB { get; init; }
    public int? StatusClients { get; init; }
    public required double LoadGenCpuPercent { get; init; }
}
