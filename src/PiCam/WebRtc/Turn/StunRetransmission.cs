namespace PiCam.WebRtc.Turn;

/// <summary>
/// How long to wait after each transmission of a request over UDP (RFC 8489 §6.2.1): the RTO, doubling
/// after every send, for Rc sends in all; after the last, Rm times the initial RTO. With the defaults
/// (500 ms, 7, 16) a request is sent at 0, 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s and fails at 39.5 s.
/// </summary>
internal sealed record StunRetransmission(TimeSpan InitialRto, int Transmissions, int FinalWaitMultiplier)
{
    public static StunRetransmission Default { get; } = new(TimeSpan.FromMilliseconds(500), 7, 16);

    /// <summary>The wait after transmission <paramref name="index"/> (0-based).</summary>
    public TimeSpan WaitAfter(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Transmissions);
        return index == Transmissions - 1
            ? InitialRto * FinalWaitMultiplier
            : InitialRto * (1L << Math.Min(index, 30));
    }

    public TimeSpan Total => TimeSpan.FromTicks(Enumerable.Range(0, Transmissions).Sum(i => WaitAfter(i).Ticks));
}
