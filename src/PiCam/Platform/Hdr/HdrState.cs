using PiCam.Config;

namespace PiCam.Platform.Hdr;

/// <summary>
/// Whether HDR is actually in effect, for <c>/status</c>'s <c>hdr</c>, rather than what <c>HDR</c> asks for:
/// <list type="bullet">
/// <item><c>picamera</c>: rpicam-vid sets the sensor itself when it starts (<c>--hdr</c>), so HDR is in effect
/// when <c>HDR=1</c> and an imx708 is present (only the imx708 has HDR). The sensor reading is not used: between
/// streams it says nothing about the next one.</item>
/// <item><c>simulator</c> and <c>file</c>: no sensor in the path, so never.</item>
/// <item>any other source (<c>webcam</c>, <c>command</c>, <c>auto</c>): what the imx708 reports, false when unknown.</item>
/// </list>
/// </summary>
internal sealed class HdrState
{
    private readonly Imx708Locator _locator;
    private readonly HdrSensorCache? _sensor;

    public HdrState(Imx708Locator locator, HdrSensorCache? sensor = null)
    {
        _locator = locator;
        _sensor = sensor;
    }

    /// <summary>Whether the sensor reading matters for this source kind (a <c>VideoSourceSpec.KindName</c>).</summary>
    public static bool UsesSensorReading(string sourceKind) => sourceKind is not ("picamera" or "simulator" or "file");

    public bool Effective(PicamSettings settings, string sourceKind, bool? sensorReading) => sourceKind switch
    {
        "picamera" => settings.Hdr && _locator.Find() is not null,
        "simulator" or "file" => false,
        _ => sensorReading ?? false,
    };

    /// <summary><see cref="Effective"/> with the cached sensor reading, read only for the kinds that use it. Never blocks on a process.</summary>
    public bool EffectiveNow(PicamSettings settings, string sourceKind) =>
        Effective(settings, sourceKind, UsesSensorReading(sourceKind) ? _sensor?.Current() : null);
}
