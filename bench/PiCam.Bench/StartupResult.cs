namespace PiCam.Bench;

/// <summary>Process start to first complete frame, per run (milliseconds).</summary>
internal sealed record StartupResult
{
    public required string Binary { get; init; }
    public required IReadOnlyList<double> RunsMs { get; init; }
    public required double MedianMs { get; init; }
    public required int Failures { get; init; }
    public string? FirstError { get; init; }
}
