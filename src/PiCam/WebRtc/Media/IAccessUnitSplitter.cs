namespace PiCam.WebRtc.Media;

/// <summary>Cuts an encoder's byte stream into Annex-B access units, each published as soon as it is known to be complete.</summary>
internal interface IAccessUnitSplitter
{
    /// <summary>Appends <paramref name="data"/> and calls <paramref name="onAccessUnit"/> (unit, keyframe) for each access unit it completes.</summary>
    void Append(ReadOnlySpan<byte> data, Action<byte[], bool> onAccessUnit);
}
