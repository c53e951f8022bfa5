namespace PiCam.Bench;

/// <summary>Wall-clock time in Unix microseconds, the unit of the X-Timestamp header.</summary>
internal static class UnixTime
{
    public static long NowMicros() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    /// <summary>Formats microseconds as "seconds.micros" with exactly 6 decimals.</summary>
    public static string Format(long micros) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{micros / 1_000_000}.{micros % 1_000_000:D6}");

    /// <summary>Parses "1732200000.123456" (any number of decimals, at most 6 used).</summary>
    public static bool TryParseMicros(ReadOnlySpan<byte> text, out long micros)
    {
        micros = 0;
        long seconds = 0;
        long fraction = 0;
        var fractionDigits = -1;
        var digits = 0;
        foreach (var b in text)
        {
            if (b == (byte)'.' && fractionDigits < 0)
            {
                fractionDigits = 0;
                continue;
            }

            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            digits++;
            if (fractionDigits < 0)
            {
                seconds = (seconds * 10) + (b - '0');
            }
            else if (fractionDigits < 6)
            {
                fraction = (fraction * 10) + (b - '0');
                fractionDigits++;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        for (var i = Math.Max(fractionDigits, 0); i < 6; i++)
        {
            fraction *= 10;
        }

        micros = (seconds * 1_000_000) + fraction;
        return true;
    }
}
