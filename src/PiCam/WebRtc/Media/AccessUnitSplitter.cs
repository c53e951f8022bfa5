using PiCam.WebRtc.Rtp.H264;

namespace PiCam.WebRtc.Media;

/// <summary>
/// Cuts an Annex-B byte stream into access units. A stream with access unit delimiters (libx264 run with
/// <c>aud=1</c>) is cut at each delimiter, however many slices a picture has. A stream without them
/// (<c>rpicam-vid</c>, a webcam's own H.264) is cut where H.264 §7.4.1.2.3 says a new picture begins once
/// the current one has a slice: at SPS, PPS or SEI, or at a slice whose <c>first_mb_in_slice</c> is 0.
/// An access unit is complete when the next one begins. A unit that grows past <see cref="MaxAccessUnit"/>
/// is dropped.
/// </summary>
internal sealed class AccessUnitSplitter : IAccessUnitSplitter
{
    public const int MaxAccessUnit = 4 * 1024 * 1024;
    private byte[] _buffer = new byte[256 * 1024];
    private int _length;
    private int _scanned;
    private bool _picture;
    private bool _keyframe;
    private bool _delimited;

    /// <summary>Appends <paramref name="data"/> and calls <paramref name="onAccessUnit"/> for each access unit it completes.</summary>
    public void Append(ReadOnlySpan<byte> data, Action<byte[], bool> onAccessUnit)
    {
        if (_length + data.Length > MaxAccessUnit)
        {
            _length = 0;
            _scanned = 0;
            _picture = false;
            _keyframe = false;
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
            var found = _buffer.AsSpan(_scanned, _length - _scanned).IndexOf(StartCode);
            if (found < 0)
            {
                _scanned = Math.Max(_scanned, _length - 2); // a start code may straddle the next append
                return;
            }

            var code = _scanned + found;
            var header = code + StartCode.Length;
            if (header + 1 >= _length)
            {
                _scanned = code; // the NAL header and the byte after it decide; wait for them
                return;
            }

            var type = H264NalType.Of(_buffer[header]);
            var begin = code > 0 && _buffer[code - 1] == 0 ? code - 1 : code; // a four-byte start code
            if (begin > 0 && StartsAccessUnit(type, _buffer[header + 1]))
            {
                if (_picture)
                {
                    onAccessUnit(_buffer.AsSpan(0, begin).ToArray(), _keyframe);
                }

                _buffer.AsSpan(begin, _length - begin).CopyTo(_buffer);
                _length -= begin;
                header -= begin;
                _picture = false;
                _keyframe = false;
            }

            _delimited |= type == H264NalType.AccessUnitDelimiter;
            _picture |= type is 1 or H264NalType.Idr;
            _keyframe |= type == H264NalType.Idr;
            _scanned = header + 1;
        }
    }

    private static ReadOnlySpan<byte> StartCode => [0, 0, 1];

    private bool StartsAccessUnit(int type, byte afterHeader)
    {
        if (type == H264NalType.AccessUnitDelimiter)
        {
            return true;
        }

        if (_delimited || !_picture)
        {
            return false;
        }

        // first_mb_in_slice is the slice header's first ue(v): 0 is the single bit 1.
        return type is H264NalType.Sei or H264NalType.Sps or H264NalType.Pps
            || (type is 1 or H264NalType.Idr && (afterHeader & 0x80) != 0);
    }
}
