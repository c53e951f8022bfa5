using System.Buffers;
using System.Buffers.Binary;

namespace PiCam.WebRtc.Rtp.H264;

/// <summary>
/// Reassembles RFC 6184 packets (single NAL, STAP-A, FU-A) into Annex-B access units with 4-byte start
/// codes, one per marker bit. A missing sequence number, a broken fragment, an unknown packet type or a
/// unit over <see cref="MaxAccessUnitBytes"/> spoils the unit, which is counted and dropped, never
/// half-delivered. Reordering counts as loss. For tests and the load generator.
/// </summary>
internal sealed class H264Depacketizer
{
    public const int MaxAccessUnitBytes = 8 * 1024 * 1024;
    private static readonly byte[] StartCode = [0, 0, 0, 1];
    private readonly ArrayBufferWriter<byte> _unit = new(64 * 1024);
    private bool _haveSequence;
    private ushort _expected;
    private bool _started;
    private uint _timestamp;
    private bool _damaged;
    private bool _inFragment;

    public long PacketsLost { get; private set; }

    public long PacketsRejected { get; private set; }

    public long UnitsDropped { get; private set; }

    /// <summary>Takes one RTP packet; true when it completes a whole access unit.</summary>
    public bool TryPush(ReadOnlySpan<byte> datagram, out byte[] accessUnit)
    {
        accessUnit = [];
        if (!RtpPacket.TryParse(datagram, out var packet))
        {
            PacketsRejected++;
            return false;
        }

        if (_haveSequence && packet.SequenceNumber != _expected)
        {
            PacketsLost += (ushort)(packet.SequenceNumber - _expected);
            _damaged = true;
        }

        _haveSequence = true;
        _expected = (ushort)(packet.SequenceNumber + 1);
        if (_started && packet.Timestamp != _timestamp)
        {
            // The previous unit's last packet (the one with the marker) never came.
            Drop();
        }

        _started = true;
        _timestamp = packet.Timestamp;
        if (!Append(packet.Payload))
        {
            PacketsRejected++;
            _damaged = true;
        }

        if (!packet.Marker)
        {
            return false;
        }

        if (_damaged || _inFragment || _unit.WrittenCount == 0)
        {
            Drop();
            return false;
        }

        accessUnit = _unit.WrittenSpan.ToArray();
        Reset();
        return true;
    }

    private bool Append(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return false;
        }

        var type = H264NalType.Of(payload[0]);
        if (type is >= 1 and <= 23)
        {
            if (_inFragment)
            {
                return false;
            }

            return Write(StartCode) && Write(payload);
        }

        if (type == H264NalType.StapA)
        {
            return AppendStap(payload[1..]);
        }

        if (type == H264NalType.FuA && payload.Length > 2)
        {
            var fuHeader = payload[1];
            bool start = (fuHeader & 0x80) != 0, end = (fuHeader & 0x40) != 0;
            if (start == _inFragment)
            {
                return false;
            }

            if (start && !(Write(StartCode) && Write([(byte)((payload[0] & 0xE0) | (fuHeader & 0x1F))])))
            {
                return false;
            }

            _inFragment = !end;
            return Write(payload[2..]);
        }

        return false;
    }

    private bool AppendStap(ReadOnlySpan<byte> body)
    {
        if (_inFragment || body.IsEmpty)
        {
            return false;
        }

        while (!body.IsEmpty)
        {
            if (body.Length < 2)
            {
                return false;
            }

            int size = BinaryPrimitives.ReadUInt16BigEndian(body);
            if (size == 0 || size > body.Length - 2 || !Write(StartCode) || !Write(body.Slice(2, size)))
            {
                return false;
            }

            body = body[(2 + size)..];
        }

        return true;
    }

    private bool Write(ReadOnlySpan<byte> bytes)
    {
        if (_unit.WrittenCount + bytes.Length > MaxAccessUnitBytes)
        {
            return false;
        }

        _unit.Write(bytes);
        return true;
    }

    private void Drop()
    {
        UnitsDropped++;
        Reset();
    }

    private void Reset()
    {
        _unit.ResetWrittenCount();
        _damaged = false;
        _inFragment = false;
        _started = false;
    }
}
