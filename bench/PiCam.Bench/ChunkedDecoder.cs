namespace PiCam.Bench;

/// <summary>
/// Incremental, in-place HTTP/1.1 chunked transfer decoder (Kestrel frames an unbounded response this way).
/// Framing may be split across reads at any byte; decoded output never overtakes the input.
/// </summary>
internal sealed class ChunkedDecoder
{
    private enum State { Size, Extension, SizeLf, Data, DataCr, DataLf, Done }

    private State state = State.Size;
    private long remaining;
    private bool sawDigit;

    public bool Finished => state == State.Done;

    /// <summary>Decodes span in place and returns how many payload bytes now start at span[0].</summary>
    public int Decode(Span<byte> span)
    {
        var read = 0;
        var written = 0;
        while (read < span.Length && state != State.Done)
        {
            if (state == State.Data)
            {
                var take = (int)Math.Min(remaining, span.Length - read);
                span.Slice(read, take).CopyTo(span[written..]);
                read += take;
                written += take;
                remaining -= take;
                if (remaining == 0)
                {
                    state = State.DataCr;
                }

                continue;
            }

            var b = span[read++];
            state = state switch
            {
                State.Size => Size(b),
                State.Extension => b == (byte)'\n' ? EndOfSizeLine() : State.Extension,
                State.SizeLf => b == (byte)'\n' ? EndOfSizeLine() : throw Bad(b),
                State.DataCr => b == (byte)'\r' ? State.DataLf : throw Bad(b),
                State.DataLf => b == (byte)'\n' ? State.Size : throw Bad(b),
                _ => throw Bad(b),
            };
        }

        return written;
    }

    private State Size(byte b)
    {
        var digit = b switch
        {
            >= (byte)'0' and <= (byte)'9' => b - '0',
            >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
            _ => -1,
        };
        if (digit >= 0)
        {
            remaining = (remaining * 16) + digit;
            sawDigit = true;
            return State.Size;
        }

        return b switch
        {
            (byte)'\r' when sawDigit => State.SizeLf,
            (byte)';' or (byte)' ' when sawDigit => State.Extension,
            _ => throw Bad(b),
        };
    }

    private State EndOfSizeLine()
    {
        sawDigit = false;
        return remaining == 0 ? State.Done : State.Data;
    }

    private InvalidDataException Bad(byte b) => new($"bad chunked framing: byte 0x{b:X2} in state {state}");
}
