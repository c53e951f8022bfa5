using System.Globalization;

namespace PiCam.Platform.Health;

/// <summary>
/// The firmware's <c>get_throttled</c> flags. Bits 0–3 are the state now; bits 16–19 are "has occurred". On
/// Raspberry Pi OS kernels the raspberrypi-hwmon driver asks the firmware for this word every 2 s and clears the
/// "has occurred" bits as it does, so here they mean "within the last poll", not "since boot".
/// Serialized (snake_case) in <c>/status</c>.
/// </summary>
/// <param name="Raw">The word as the firmware reports it, in hex (<c>0x50005</c>).</param>
internal sealed record ThrottleState(
    string Raw,
    bool UnderVoltage,
    bool FrequencyCapped,
    bool Throttled,
    bool SoftTemperatureLimit,
    bool UnderVoltageOccurred,
    bool FrequencyCappedOccurred,
    bool ThrottledOccurred,
    bool SoftTemperatureLimitOccurred)
{
    public static ThrottleState FromValue(uint value) => new(
        Raw: "0x" + value.ToString("x", CultureInfo.InvariantCulture),
        UnderVoltage: Bit(value, 0),
        FrequencyCapped: Bit(value, 1),
        Throttled: Bit(value, 2),
        SoftTemperatureLimit: Bit(value, 3),
        UnderVoltageOccurred: Bit(value, 16),
        FrequencyCappedOccurred: Bit(value, 17),
        ThrottledOccurred: Bit(value, 18),
        SoftTemperatureLimitOccurred: Bit(value, 19));

    private static bool Bit(uint value, int bit) => (value & (1u << bit)) != 0;
}
