namespace PiCam.WebRtc.Srtp;

/// <summary>
/// What SRTP remembers per SSRC in one direction: the rollover counter and highest sequence number
/// (RFC 3711 §3.3.1 and Appendix A), the replay windows, and the next SRTCP index to send.
/// </summary>
internal sealed class SrtpStream
{
    private uint _rolloverCounter;
    private ushort _highestSequence;
    private bool _started;
    private uint _nextRtcpIndex;

    public SrtpReplayWindow RtpReplay { get; } = new();

    public SrtpReplayWindow RtcpReplay { get; } = new();

    /// <summary>The 48-bit packet index this sequence number most likely belongs to (Appendix A).</summary>
    public ulong EstimateIndex(ushort sequence)
    {
        if (!_started)
        {
            return sequence;
        }

        long roc = _rolloverCounter;
        if (_highestSequence < 32768)
        {
            if (sequence - _highestSequence > 32768)
            {
                roc--;
            }
        }
        else if (_highestSequence - 32768 > sequence)
        {
            roc++;
        }

        // A guess below zero (a packet from before the first one seen) is treated as the current cycle.
        return ((ulong)Math.Max(roc, 0) << 16) | sequence;
    }

    /// <summary>Advances the rollover counter and highest sequence number past an authenticated packet.</summary>
    public void Advance(ulong index)
    {
        var roc = (uint)(index >> 16);
        var sequence = (ushort)index;
        if (!_started || roc > _rolloverCounter || (roc == _rolloverCounter && sequence > _highestSequence))
        {
            _rolloverCounter = roc;
            _highestSequence = sequence;
            _started = true;
        }
    }

    /// <summary>SRTCP indexes are 31 bits and start at zero; an exhausted index is a rekey the session must do.</summary>
    public bool TryTakeRtcpIndex(out uint index)
    {
        index = _nextRtcpIndex;
        if (index > 0x7FFFFFFF)
        {
            return false;
        }

        _nextRtcpIndex++;
        return true;
    }

    internal void SetNextRtcpIndex(uint index) => _nextRtcpIndex = index;
}
