using PiCam.WebRtc.Rtp;

namespace PiCam.WebRtc.Whep;

/// <summary>
/// The SRTP packets a session sent in the last <see cref="MaxAge"/>, at most <see cref="Capacity"/> of them,
/// so a generic NACK (RFC 4585 §6.2.1) can be answered by sending the very same bytes again (no RTX stream:
/// the receiver's SRTP replay window accepts a packet it never got). A slot is found by sequence number
/// modulo the capacity, which divides 65536, so the wrap needs no special case; memory is bounded by
/// <see cref="Capacity"/> × the slot size, allocated as slots are first used. Each packet is resent at most
/// once per <see cref="MinResendInterval"/>, so repeated NACKs cannot make us flood the viewer.
/// <see cref="Add"/> (the media loop) and <see cref="Resend"/> (the receive loop) may run at once.
/// </summary>
internal sealed class RetransmitHistory
{
    public const int Capacity = 512;
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MinResendInterval = TimeSpan.FromMilliseconds(20);

    private readonly TimeProvider _time;
    private readonly int _slotBytes;
    private readonly byte[]?[] _packets = new byte[Capacity][];
    private readonly int[] _lengths = new int[Capacity];
    private readonly ushort[] _sequences = new ushort[Capacity];
    private readonly long[] _sentTicks = new long[Capacity];
    private readonly long[] _resentTicks = new long[Capacity];
    private readonly byte[] _scratch;
    private readonly Lock _gate = new();

    public RetransmitHistory(TimeProvider time, int slotBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slotBytes, RtpHeader.FixedLength);
        _time = time;
        _slotBytes = slotBytes;
        _scratch = new byte[slotBytes];
    }

    /// <summary>The most this history ever holds, in bytes.</summary>
    public int MaxBytes => Capacity * _slotBytes;

    /// <summary>Keeps a copy of a protected packet; one larger than a slot is not kept.</summary>
    public void Add(ushort sequence, ReadOnlySpan<byte> packet)
    {
        if (packet.Length > _slotBytes)
        {
            return;
        }

        var slot = sequence % Capacity;
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            var buffer = _packets[slot] ??= new byte[_slotBytes];
            packet.CopyTo(buffer);
            _lengths[slot] = packet.Length;
            _sequences[slot] = sequence;
            _sentTicks[slot] = now;
            _resentTicks[slot] = 0;
        }
    }

    /// <summary>
    /// Hands <paramref name="send"/> each packet of <paramref name="lost"/> that is still held (and was not
    /// resent just now); returns how many. Unknown and expired sequence numbers are skipped. Called from one
    /// thread at a time: the packet is copied out of the lock into a buffer reused for the next one.
    /// </summary>
    public int Resend(ReadOnlySpan<ushort> lost, RtpPacketSink send)
    {
        var resent = 0;
        foreach (var sequence in lost)
        {
            var length = TryTake(sequence);
            if (length > 0)
            {
                send(_scratch, length);
                resent++;
            }
        }

        return resent;
    }

    private int TryTake(ushort sequence)
    {
        var slot = sequence % Capacity;
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (_packets[slot] is not { } packet || _lengths[slot] == 0 || _sequences[slot] != sequence
                || _time.GetElapsedTime(_sentTicks[slot], now) > MaxAge
                || (_resentTicks[slot] != 0 && _time.GetElapsedTime(_resentTicks[slot], now) < MinResendInterval))
            {
                return 0;
            }

            _resentTicks[slot] = now;
            packet.AsSpan(0, _lengths[slot]).CopyTo(_scratch);
            return _lengths[slot];
        }
    }
}
