using System.Buffers.Binary;

namespace PiCam.Bench.WebRtc;

/// <summary>
/// Reassembles decrypted RTP (RFC 6184, packetization-mode 1) into access units and checks each is whole:
/// every sequence number from the first packet to the marker present, in order; every FU-A runs from its
/// start bit to its end bit with one NAL type; STAP-A lengths add up; a picture slice (NAL 1 or 5) inside.
/// Pictures the server skipped show as gaps in the RTP timestamps of consecutive frames.
/// </summary>
internal sealed class FrameAssembler(double fps)
{
    private readonly double _ticksPerFrame = 90_000 / fps;
    private ushort _lastSequence;
    private bool _started;
    private bool _haveTimestamp;
    private uint _lastTimestamp32;
    private long _timestampHigh;
    private bool _open;
    private long _frameTimestamp;
    private bool _broken;
    private bool _fuOpen;
    private int _fuType;
    private bool _hasSlice;
    private bool _keyframe;
    private long _lastFinishedTimestamp = long.MinValue;

    public List<ReceivedFrame> Frames { get; } = new(4096);

    /// <summary>Whole frames reassembled, counted or not.</summary>
    public long WholeFramesSeen { get; private set; }

    public long Packets { get; private set; }

    /// <summary>Datagram bytes (SRTP: RTP header, payload, tag) of the counted packets.</summary>
    public long Bytes { get; private set; }

    public long PacketsLost { get; private set; }

    public long PacketsLate { get; private set; }

    public long BrokenFrames { get; private set; }

    /// <summary>Pictures missing between consecutive received frames (from the gap in RTP timestamps).</summary>
    public long SkippedFrames { get; private set; }

    /// <summary>Whether packets and frames are counted (the measurement window); frames are always reassembled.</summary>
    public bool Counting { get; set; }

    /// <summary>Takes one plain RTP packet (header included) that arrived at <paramref name="arrivalMicros"/> as a <paramref name="wireLength"/>-byte datagram.</summary>
    public void Push(ReadOnlySpan<byte> packet, long arrivalMicros, int wireLength)
    {
        if (packet.Length < 12 || (packet[0] >> 6) != 2)
        {
            return;
        }

        var headerLength = 12 + 4 * (packet[0] & 0x0F);
        if ((packet[0] & 0x10) != 0 && packet.Length >= headerLength + 4)
        {
            headerLength += 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(headerLength + 2)..]);
        }

        var padding = (packet[0] & 0x20) != 0 ? packet[^1] : 0;
        if (packet.Length < headerLength + padding + 1)
        {
            _broken = true;
            return;
        }

        var marker = (packet[1] & 0x80) != 0;
        var sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        var timestamp = Unwrap(BinaryPrimitives.ReadUInt32BigEndian(packet[4..]));
        var payload = packet[headerLength..^padding];
        var lost = false;
        if (_started)
        {
            var gap = (ushort)(sequence - _lastSequence - 1);
            if (gap >= 0x8000)
            {
                PacketsLate += Counting ? 1 : 0; // a duplicate or a packet overtaken: not used, as a decoder would not
                return;
            }

            if (gap > 0)
            {
                PacketsLost += Counting ? gap : 0;
                lost = true;
            }
        }

        _started = true;
        _lastSequence = sequence;
        if (Counting)
        {
            Packets++;
            Bytes += wireLength;
        }

        if (_open && timestamp != _frameTimestamp)
        {
            _broken = true; // the previous frame's marker packet never came
            Finish(arrivalMicros);
        }

        if (!_open)
        {
            _open = true;
            _frameTimestamp = timestamp;
            _fuOpen = false;
            _hasSlice = false;
            _keyframe = false;
        }

        // Lost packets were this frame's, or whole frames before it (its timestamp shows the skip), or both:
        // this frame is not known whole either way.
        _broken |= lost;

        Payload(payload);
        if (marker)
        {
            Finish(arrivalMicros);
        }
    }

    private void Payload(ReadOnlySpan<byte> payload)
    {
        var type = payload[0] & 0x1F;
        switch (type)
        {
            case >= 1 and <= 23:
                _broken |= _fuOpen;
                Nal(type);
                break;
            case 24: // STAP-A: 16-bit size, NAL, ...
                _broken |= _fuOpen;
                var rest = payload[1..];
                while (rest.Length > 0)
                {
                    if (rest.Length < 3)
                    {
                        _broken = true;
                        break;
                    }

                    var size = BinaryPrimitives.ReadUInt16BigEndian(rest);
                    if (size == 0 || size > rest.Length - 2)
                    {
                        _broken = true;
                        break;
                    }

                    Nal(rest[2] & 0x1F);
                    rest = rest[(2 + size)..];
                }

                break;
            case 28: // FU-A: indicator, header (S E R type), fragment
                if (payload.Length < 3)
                {
                    _broken = true;
                    break;
                }

                var start = (payload[1] & 0x80) != 0;
                var end = (payload[1] & 0x40) != 0;
                var fuType = payload[1] & 0x1F;
                if (start)
                {
                    _broken |= _fuOpen;
                    _fuOpen = true;
                    _fuType = fuType;
                }
                else if (!_fuOpen || fuType != _fuType)
                {
                    _broken = true;
                }

                if (end)
                {
                    _fuOpen = false;
                    Nal(fuType);
                }

                break;
            default:
                _broken = true; // STAP-B, MTAP, FU-B: not in packetization-mode 1 from this server
                break;
        }
    }

    private void Nal(int type)
    {
        _hasSlice |= type is 1 or 5;
        _keyframe |= type == 5;
    }

    private void Finish(long arrivalMicros)
    {
        var whole = !_broken && !_fuOpen && _hasSlice;
        WholeFramesSeen += whole ? 1 : 0;
        if (Counting)
        {
            if (_lastFinishedTimestamp != long.MinValue)
            {
                var pictures = (long)Math.Round((_frameTimestamp - _lastFinishedTimestamp) / _ticksPerFrame);
                SkippedFrames += Math.Max(0, pictures - 1);
            }

            BrokenFrames += whole ? 0 : 1;
            Frames.Add(new ReceivedFrame(_frameTimestamp, arrivalMicros, whole, _keyframe));
            _lastFinishedTimestamp = _frameTimestamp;
        }

        _open = false;
        _broken = false;
        _fuOpen = false;
    }

    private long Unwrap(uint timestamp)
    {
        if (_haveTimestamp)
        {
            var delta = (int)(timestamp - _lastTimestamp32);
            if (delta > 0 && timestamp < _lastTimestamp32)
            {
                _timestampHigh += 1L << 32;
            }
            else if (delta < 0 && timestamp > _lastTimestamp32)
            {
                _timestampHigh -= 1L << 32;
            }
        }

        _haveTimestamp = true;
        _lastTimestamp32 = timestamp;
        return _timestampHigh + timestamp;
    }
}
