namespace PiCam.Bench;

/// <summary>A soak: viewers joining and leaving for a long time, the server's RSS and descriptors sampled.</summary>
internal sealed record SoakResult
{
    public required double Seconds { get; init; }
    public required int MaxViewers { get; init; }
    public required long Sessions { get; init; }
    public required long FailedSessions { get; init; }
    public string? FirstError { get; init; }
    public required IReadOnlyList<SoakSample> Samples { get; init; }

    /// <summary>Median RSS (MiB) and descriptors over the second fifth of the run (after warm-up) and the last fifth.</summary>
    public required double RssEarlyMiB { get; init; }
    public required double RssLateMiB { get; init; }
    public required double RssPeakMiB { get; init; }
    public required double FdsEarly { get; init; }
    public required double FdsLate { get; init; }

    /// <summary>Late at most 10% (and 4 MiB) above early, and at most 8 descriptors more.</summary>
    public bool RssFlat => RssLateMiB <= Math.Max(RssEarlyMiB * 1.10, RssEarlyMiB + 4);
    public bool FdsFlat => FdsLate <= FdsEarly + 8;
}

internal sealed record SoakSample(double At, double RssMiB, int Fds, int Viewers);
