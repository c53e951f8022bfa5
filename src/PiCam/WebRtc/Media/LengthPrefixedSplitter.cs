using System.Buffers.Binary;
using PiCam.WebRtc.Rtp.H264;

namespace PiCam.WebRtc.Media;

/// <summary>
/// Cuts libx264's output run with <c>annexb=0</c> and one slice a picture (<c>threads=1</c>) into Annex-B access
/// units. Each NAL unit comes behind its 4-byte big-endian length, so its end is known when its last byte arrives,
/// and a picture is complete with its one slice: the unit is published then, not when the next picture's first
/// bytes arrive (one frame later, as Annex-B's start codes would need). Each length is overwritten with the 4-byte
/// start code, so the unit is Annex-B with no copy. A slice that does not start at macroblock 0 (a second slice,
/// which this encoder configuration never makes) would belong to a picture already sent: it is dropped and counted.
/// A length of 0 or beyond <see cref="AccessUnitSplitter.MaxAccessUnit"/> means the stream lost its framing: an
/// <see cref="IOException"/>, so the encoder restarts.
/// </summary>
internal sealed class LengthPrefixedSplitter : IAccessUnitSplitter
{
    private byte[] _buffer = new byte[256 * 1024];
    private int _length;
    private int _parsed;
    private bool _keyframe;

    /// <summary>Slices dropped because they did not start a picture.</summary>
    public long SlicesDropped { get; private set; }

    public void Append(ReadOnlySpan<byte> data, Action<byte[], bool> onAccessUnit)
    {
        if (_length + data.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + data.Length));
        }

        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
        while (_length - _parsed >= 4)
        {
            var size = BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(_parsed));
            if (size == 0 || size > AccessUnitSplitter.MaxAccessUnit)
            {
                _length = 0;
                _parsed = 0;
                throw new IOException($"the H.264 encoder's output lost its framing (a NAL unit of {size} bytes)");
            }

            var end = _parsed + 4 + (int)size;
            if (end > _length)
            {
                return;
            }

            var type = H264NalType.Of(_buffer[_parsed + 4]);
            StartCode.CopyTo(_buffer.AsSpan(_parsed, 4));
            if (type is not (1 or H264NalType.Idr))
            {
                _parsed = end;
                continue;
            }

            // first_mb_in_slice is the slice header's first ue(v): 0 is the single bit 1.
            if (size < 2 || (_buffer[_parsed + 5] & 0x80) == 0)
            {
                SlicesDropped++;
                _buffer.AsSpan(end, _length - end).CopyTo(_buffer.AsSpan(_parsed));
                _length -= end - _parsed;
                continue;
            }

            _keyframe |= type == H264NalType.Idr;
            onAccessUnit(_buffer.AsSpan(0, end).ToArray(), _keyframe);
            _buffer.AsSpan(end, _length - end).CopyTo(_buffer);
            _length -= end;
            _parsed = 0;
            _keyframe = false;
        }
    }

    private static ReadOnlySpan<byte> StartCode => [0, 0, 0, 1];
}
