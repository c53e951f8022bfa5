using PiCam.WebRtc.Rtp.H264;

namespace PiCam.WebRtc.Media;

/// <summary>
/// Cuts an Annex-B byte stream into access units at access unit delimiters (the encoder is run with
/// <c>aud=1</c>, so every picture starts with one, however many slices it has). An access unit is complete
/// when the next delimiter arrives. A unit that grows past <see cref="MaxAccessUnit"/> is dropped.
/// </summary>
internal sealed class AccessUnitSplitter
{
    public const int MaxAccessUnit = 4 * 1024 * 1024;
    private byte[] _buffer = new byte[256 * 1024];
    private int _length;
    private int _scanned;

    /// <summary>Appends <paramref name="data"/> and calls <paramref name="onAccessUnit"/> for each access unit it completes.</summary>
    public void Append(ReadOnlySpan<byte> data, Action<byte[], bool> onAccessUnit)
    {
        if (_length + data.Length > MaxAccessUnit)
        {
            _length = 0;
            _scanned = 0;
            if (data.Length > MaxAccessUnit)
            {
                return;
            }
        }

        if (_length + data.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + data.Length));
        }

        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
        while (true)
        {
            // A delimiter is 00 00 01 09; the one that starts the buffer begins the current unit.
            var from = Math.Max(_scanned, 2);
            if (_length - from < Delimiter.Length)
            {
                return;
            }

            var found = _buffer.AsSpan(from, _length - from).IndexOf(Delimiter);
            if (found < 0)
            {
                _scanned = Math.Max(2, _length - Delimiter.Length + 1);
                return;
            }

            var end = from + found;
            if (end > 0 && _buffer[end - 1] == 0)
            {
                end--; // the four-byte start code 00 00 00 01
            }

            var unit = _buffer.AsSpan(0, end);
            if (HasPicture(unit, out var isKeyframe))
            {
                onAccessUnit(unit.ToArray(), isKeyframe);
            }

            _buffer.AsSpan(end, _length - end).CopyTo(_buffer);
            _length -= end;
            _scanned = 2;
        }
    }

    private static ReadOnlySpan<byte> Delimiter => [0, 0, 1, 9];

    private static bool HasPicture(ReadOnlySpan<byte> unit, out bool isKeyframe)
    {
        isKeyframe = false;
        var picture = false;
        foreach (var nal in new AnnexBNalUnits(unit))
        {
            var type = H264NalType.Of(nal[0]);
            picture |= type is 1 or 5;
            isKeyframe |= type == 5;
        }

        return picture;
    }
}
