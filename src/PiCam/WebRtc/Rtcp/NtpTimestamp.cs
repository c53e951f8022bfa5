namespace PiCam.WebRtc.Rtcp;

/// <summary>
/// 64-bit NTP timestamps (seconds since 1900 and a binary fraction, RFC 3550 §4) and the round-trip time
/// a sender works out from a report block: arrival - LSR - DLSR, in 1/65536 s (§6.4.1).
/// </summary>
internal static class NtpTimestamp
{
    private static readonly DateTimeOffset Epoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static ulong From(DateTimeOffset time)
    {
        var ticks = (time - Epoch).Ticks;
        var seconds = (ulong)(ticks / TimeSpan.TicksPerSecond);
        var fraction = (ulong)(ticks % TimeSpan.TicksPerSecond) * (1UL << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    /// <summary>The middle 32 bits, the form LSR and the arrival time take.</summary>
    public static uint Middle(ulong ntp) => (uint)(ntp >> 16);

    /// <summary>Null when the block has no LSR yet, or the numbers do not make a plausible round trip.</summary>
    public static TimeSpan? RoundTrip(ulong arrival, uint lastSenderReport, uint delaySinceLastSenderReport)
    {
        if (lastSenderReport == 0)
        {
            return null;
        }

        var units = unchecked(Middle(arrival) - lastSenderReport - delaySinceLastSenderReport);
        return units > 0x7FFFFFFF ? null : TimeSpan.FromTicks((long)units * TimeSpan.TicksPerSecond / 65536);
    }
}
