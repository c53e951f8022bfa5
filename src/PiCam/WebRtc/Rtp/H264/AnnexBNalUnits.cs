namespace PiCam.WebRtc.Rtp.H264;

/// <summary>
/// Walks the NAL units of an Annex-B byte stream (H.264 Annex B): each starts after a 00 00 01 start code
/// (a 00 00 00 01 is the same code after a zero byte); trailing zero bytes before the next start code
/// are dropped. Bytes before the first start code are ignored. Allocation-free: <c>foreach</c> over it.
/// </summary>
internal ref struct AnnexBNalUnits
{
    private readonly ReadOnlySpan<byte> _stream;
    private int _next;

    public AnnexBNalUnits(ReadOnlySpan<byte> stream)
    {
        _stream = stream;
        _next = FindStart(stream, 0);
        Current = default;
        CurrentStart = 0;
    }

    public ReadOnlySpan<byte> Current { get; private set; }

    /// <summary>Where <see cref="Current"/> starts in the stream.</summary>
    public int CurrentStart { get; private set; }

    private static ReadOnlySpan<byte> StartCode => [0, 0, 1];

    public readonly AnnexBNalUnits GetEnumerator() => this;

    public bool MoveNext()
    {
        while (_next >= 0 && _next < _stream.Length)
        {
            var start = _next;
            var following = FindStart(_stream, start);
            var end = following < 0 ? _stream.Length : following - StartCode.Length;
            while (end > start && _stream[end - 1] == 0)
            {
                end--;
            }

            _next = following;
            if (end > start)
            {
                Current = _stream[start..end];
                CurrentStart = start;
                return true;
            }
        }

        return false;
    }

    /// <summary>The index just after the next start code at or after <paramref name="from"/>, or -1.</summary>
    private static int FindStart(ReadOnlySpan<byte> stream, int from)
    {
        if (from >= stream.Length)
        {
            return -1;
        }

        var found = stream[from..].IndexOf(StartCode);
        return found < 0 ? -1 : from + found + StartCode.Length;
    }
}
