namespace PiCam.WebRtc.Srtp;

/// <summary>
/// The sliding replay window of RFC 3711 §3.3.2, 64 packets wide: an index is fresh if it is newer than
/// the highest seen, or within the window and not yet seen. <see cref="Accept"/> is called only once a
/// packet has authenticated, so a forged packet cannot move the window.
/// </summary>
internal sealed class SrtpReplayWindow
{
    public const int Width = 64;
    private ulong _highest;
    private ulong _seen;
    private bool _any;

    public bool IsFresh(ulong index)
    {
        if (!_any || index > _highest)
        {
            return true;
        }

        var age = _highest - index;
        return age < Width && (_seen & (1UL << (int)age)) == 0;
    }

    public void Accept(ulong index)
    {
        if (!_any)
        {
            _any = true;
            _highest = index;
            _seen = 1;
        }
        else if (index > _highest)
        {
            var shift = index - _highest;
            _seen = shift >= Width ? 1 : (_seen << (int)shift) | 1;
            _highest = index;
        }
        else
        {
            var age = _highest - index;
            if (age < Width)
            {
                _seen |= 1UL << (int)age;
            }
        }
    }
}
