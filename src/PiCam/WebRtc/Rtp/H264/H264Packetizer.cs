using System.Buffers.Binary;

namespace PiCam.WebRtc.Rtp.H264;

/// <summary>
/// RFC 6184 packetization mode 1 for one H.264 stream: an Annex-B access unit becomes single NAL unit
/// packets, one STAP-A for consecutive SPS/PPS, and FU-A fragments for NAL units larger than the MTU.
/// Every packet of the access unit carries its 90 kHz timestamp; the last one has the marker bit.
/// Access unit delimiters and filler data are not sent. Packets are written into one reused buffer
/// with <see cref="SpareBytes"/> of room after the MTU. Not thread-safe: one per outgoing stream.
/// </summary>
internal sealed class H264Packetizer
{
    public const int DefaultMtu = 1200;
    public const int SpareBytes = 32;
    private const int MaxAggregated = 8;
    private const int FuHeaderLength = 2;

    private readonly byte[] _buffer;
    private readonly int[] _stapStarts = new int[MaxAggregated];
    private readonly int[] _stapLengths = new int[MaxAggregated];
    private int _stapCount;
    private int _stapBytes;

    public H264Packetizer(uint ssrc, byte payloadType, ushort firstSequenceNumber, int mtu = DefaultMtu)
    {
        if (mtu < RtpHeader.FixedLength + FuHeaderLength + 1 || payloadType > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(mtu), "The MTU must leave room for an RTP header and a fragment.");
        }

        Ssrc = ssrc;
        PayloadType = payloadType;
        NextSequenceNumber = firstSequenceNumber;
        Mtu = mtu;
        _buffer = new byte[mtu + SpareBytes];
    }

    public uint Ssrc { get; }

    public byte PayloadType { get; }

    public int Mtu { get; }

    public ushort NextSequenceNumber { get; private set; }

    /// <summary>Sends <paramref name="accessUnit"/> (Annex-B) to <paramref name="sink"/>; returns the packet count.</summary>
    public int Packetize(ReadOnlySpan<byte> accessUnit, uint timestamp, RtpPacketSink sink)
    {
        var last = -1;
        var count = 0;
        foreach (var nal in new AnnexBNalUnits(accessUnit))
        {
            if (IsSent(nal))
            {
                last = count++;
            }
        }

        var packets = 0;
        var index = 0;
        _stapCount = 0;
        _stapBytes = 1;
        var units = new AnnexBNalUnits(accessUnit);
        while (units.MoveNext())
        {
            var nal = units.Current;
            if (!IsSent(nal))
            {
                continue;
            }

            var isLast = index++ == last;
            var type = H264NalType.Of(nal[0]);
            if (type is H264NalType.Sps or H264NalType.Pps)
            {
                if (_stapCount == MaxAggregated || RtpHeader.FixedLength + _stapBytes + 2 + nal.Length > Mtu)
                {
                    packets += FlushStap(accessUnit, timestamp, marker: false, sink);
                }

                if (RtpHeader.FixedLength + 1 + 2 + nal.Length <= Mtu)
                {
                    _stapStarts[_stapCount] = units.CurrentStart;
                    _stapLengths[_stapCount] = nal.Length;
                    _stapCount++;
                    _stapBytes += 2 + nal.Length;
                    if (isLast)
                    {
                        packets += FlushStap(accessUnit, timestamp, marker: true, sink);
                    }

                    continue;
                }
            }

            packets += FlushStap(accessUnit, timestamp, marker: false, sink);
            packets += SendNal(nal, timestamp, isLast, sink);
        }

        return packets;
    }

    private static bool IsSent(ReadOnlySpan<byte> nal) =>
        H264NalType.Of(nal[0]) is not (H264NalType.AccessUnitDelimiter or H264NalType.FillerData or 0);

    private int SendNal(ReadOnlySpan<byte> nal, uint timestamp, bool marker, RtpPacketSink sink)
    {
        if (RtpHeader.FixedLength + nal.Length <= Mtu)
        {
            var length = RtpPacketWriter.Write(_buffer, marker, PayloadType, NextSequenceNumber++, timestamp, Ssrc, nal);
            sink(_buffer, length);
            return 1;
        }

        var indicator = (byte)((nal[0] & 0xE0) | H264NalType.FuA);
        var type = (byte)(nal[0] & 0x1F);
        var chunk = Mtu - RtpHeader.FixedLength - FuHeaderLength;
        var packets = 0;
        for (var offset = 1; offset < nal.Length; offset += chunk)
        {
            var size = Math.Min(chunk, nal.Length - offset);
            var first = offset == 1;
            var end = offset + size == nal.Length;
            var at = RtpPacketWriter.WriteHeader(_buffer, marker && end, PayloadType, NextSequenceNumber++, timestamp, Ssrc);
            _buffer[at] = indicator;
            _buffer[at + 1] = (byte)((first ? 0x80 : 0) | (end ? 0x40 : 0) | type);
            nal.Slice(offset, size).CopyTo(_buffer.AsSpan(at + FuHeaderLength));
            sink(_buffer, at + FuHeaderLength + size);
            packets++;
        }

        return packets;
    }

    private int FlushStap(ReadOnlySpan<byte> accessUnit, uint timestamp, bool marker, RtpPacketSink sink)
    {
        var count = _stapCount;
        _stapCount = 0;
        _stapBytes = 1;
        if (count == 0)
        {
            return 0;
        }

        if (count == 1)
        {
            return SendNal(accessUnit.Slice(_stapStarts[0], _stapLengths[0]), timestamp, marker, sink);
        }

        var at = RtpPacketWriter.WriteHeader(_buffer, marker, PayloadType, NextSequenceNumber++, timestamp, Ssrc);
        var header = at++;
        int forbidden = 0, nri = 0;
        for (var i = 0; i < count; i++)
        {
            var nal = accessUnit.Slice(_stapStarts[i], _stapLengths[i]);
            forbidden |= nal[0] & 0x80;
            nri = Math.Max(nri, nal[0] & 0x60);
            BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(at), (ushort)nal.Length);
            nal.CopyTo(_buffer.AsSpan(at + 2));
            at += 2 + nal.Length;
        }

        _buffer[header] = (byte)(forbidden | nri | H264NalType.StapA);
        sink(_buffer, at);
        return 1;
    }
}
