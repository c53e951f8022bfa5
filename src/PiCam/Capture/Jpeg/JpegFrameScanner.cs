using System.Buffers;

namespace PiCam.Capture.Jpeg;

/// <summary>
/// Finds complete JPEGs (SOI..EOI) in a byte stream that may be chunked arbitrarily and may contain garbage.
/// It walks the marker segments by their lengths (so an EXIF thumbnail's EOI is not mistaken for the end) and
/// then the entropy-coded data, where only an unstuffed marker can end the image. A frame cut short by a new
/// SOI is dropped; a frame that grows past <see cref="MaxFrameBytes"/> is dropped and scanning resynchronises.
/// Only a plausible JPEG is a frame: a frame header (SOFn) with sane dimensions and components, then a scan
/// (SOS) that fits it, then EOI. Random bytes (<c>/dev/urandom</c> as a camera) contain SOI..EOI pairs by
/// chance, never that. The scanner remembers how far it has looked, so each byte is examined once however
/// the data arrives.
/// </summary>
internal sealed class JpegFrameScanner
{
    private enum State
    {
        SeekingStart,
        Marker,
        EntropyData,
    }

    private State _state = State.SeekingStart;
    private long _position; // bytes of the current candidate frame already examined
    private bool _restartAtNewImage; // the last Restart was a new SOI inside the current frame
    private bool _sawFrameHeader; // a valid SOFn in the current frame
    private bool _sawScan; // a valid SOS after it
    private bool _implausible; // the last Restart was a frame that is not a plausible JPEG

    /// <summary>The largest width or height accepted in a frame header (JPEG allows 65,535; no camera sends more than this).</summary>
    public const int MaxDimension = 16384;

    public JpegFrameScanner(int maxFrameBytes = 8 * 1024 * 1024) => MaxFrameBytes = maxFrameBytes;

    public int MaxFrameBytes { get; }

    /// <summary>Frames abandoned because they were truncated or too large.</summary>
    public long DroppedFrames { get; private set; }

    /// <summary>Candidate frames rejected because they are not plausible JPEGs (no or a broken frame header or scan).</summary>
    public long ImplausibleFrames { get; private set; }

    /// <summary>Bytes skipped outside any frame.</summary>
    public long SkippedBytes { get; private set; }

    /// <summary>
    /// Tries to take one complete frame from the front of <paramref name="buffer"/>. On success the frame is
    /// sliced off and the buffer starts after it. Otherwise the buffer is trimmed of what can never be part of
    /// a frame and more data is needed.
    /// </summary>
    public bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        while (true)
        {
            if (_state == State.SeekingStart && !SeekStart(ref buffer))
            {
                return false;
            }

            var reader = new SequenceReader<byte>(buffer);
            reader.Advance(_position);
            var result = ScanFrame(ref reader);
            if (result == ScanResult.Complete && reader.Consumed <= MaxFrameBytes)
            {
                frame = buffer.Slice(0, reader.Consumed);
                buffer = buffer.Slice(reader.Consumed);
                Reset();
                return true;
            }

            if (result == ScanResult.NeedMore)
            {
                _position = reader.Consumed;
                if (_position <= MaxFrameBytes)
                {
                    return false;
                }
            }

            // Truncated, corrupt or oversized: drop this frame and look for the next SOI. A new SOI found where
            // this frame should continue is where to resume; after corrupt headers (whose lengths may have
            // carried us into the next frame) resume just past this frame's SOI; a runaway frame is skipped whole.
            if (_implausible)
            {
                ImplausibleFrames++;
            }
            else
            {
                DroppedFrames++;
            }

            var skip = result switch
            {
                ScanResult.Restart when _restartAtNewImage => reader.Consumed,
                ScanResult.Restart => 2,
                _ => Math.Max(2, Math.Max(_position, reader.Consumed)),
            };
            buffer = buffer.Slice(skip);
            Reset();
        }
    }

    private enum ScanResult
    {
        NeedMore,
        Complete,
        Restart,
    }

    private void Reset()
    {
        _state = State.SeekingStart;
        _position = 0;
        _restartAtNewImage = false;
        _sawFrameHeader = false;
        _sawScan = false;
        _implausible = false;
    }

    private bool SeekStart(ref ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (reader.TryAdvanceTo(0xFF, advancePastDelimiter: false))
        {
            if (reader.Remaining < 2)
            {
                break;
            }

            reader.TryPeek(1, out var next);
            if (next == 0xD8)
            {
                SkippedBytes += reader.Consumed;
                buffer = buffer.Slice(reader.Consumed);
                _state = State.Marker;
                _position = 2;
                return true;
            }

            reader.Advance(1);
        }

        // Keep a trailing 0xFF: it may be the first half of the next SOI.
        var keep = buffer.Length > 0 && buffer.Slice(buffer.Length - 1).FirstSpan[0] == 0xFF ? 1 : 0;
        SkippedBytes += buffer.Length - keep;
        buffer = buffer.Slice(buffer.Length - keep);
        return false;
    }

    private ScanResult ScanFrame(ref SequenceReader<byte> reader)
    {
        while (true)
        {
            if (_state == State.EntropyData)
            {
                if (!reader.TryAdvanceTo(0xFF, advancePastDelimiter: false))
                {
                    reader.AdvanceToEnd(); // all image data so far; never look at it again
                    return ScanResult.NeedMore;
                }

                if (reader.Remaining < 2)
                {
                    return ScanResult.NeedMore;
                }

                reader.TryPeek(1, out var code);
                if (code == 0x00 || code is >= 0xD0 and <= 0xD7)
                {
                    reader.Advance(2); // stuffed byte or restart marker: still image data
                    continue;
                }

                if (code == 0xFF)
                {
                    reader.Advance(1); // fill byte
                    continue;
                }

                _state = State.Marker; // EOI, or another segment of a progressive JPEG
            }

            var start = reader.Consumed;
            if (!reader.TryRead(out var ff) || !reader.TryRead(out var marker))
            {
                reader.Rewind(reader.Consumed - start);
                return ScanResult.NeedMore;
            }

            if (ff != 0xFF)
            {
                return ScanResult.Restart; // not a marker where one must be: corrupt, resync
            }

            switch (marker)
            {
                case 0xFF:
                    reader.Rewind(1); // fill byte before a marker
                    continue;
                case 0xD9 when _sawScan:
                    return ScanResult.Complete;
                case 0xD9:
                    return Implausible(); // an "image" with no frame header or no scan
                case 0xD8:
                    reader.Rewind(2); // a new image began: this one was truncated
                    _restartAtNewImage = true;
                    return ScanResult.Restart;
                case 0x01 or (>= 0xD0 and <= 0xD7):
                    continue; // markers without a length
            }

            if (!reader.TryReadBigEndian(out short signedLength))
            {
                reader.Rewind(reader.Consumed - start);
                return ScanResult.NeedMore;
            }

            var length = (ushort)signedLength;
            if (length < 2)
            {
                return ScanResult.Restart;
            }

            if (reader.Remaining < length - 2)
            {
                reader.Rewind(reader.Consumed - start);
                return ScanResult.NeedMore;
            }

            if (JpegHeaders.IsFrameHeader(marker))
            {
                if (_sawFrameHeader || !JpegHeaders.PlausibleFrameHeader(reader, length))
                {
                    return Implausible();
                }

                _sawFrameHeader = true;
            }
            else if (marker == 0xDA)
            {
                if (!_sawFrameHeader || !JpegHeaders.PlausibleScanHeader(reader, length))
                {
                    return Implausible();
                }

                _sawScan = true;
            }

            reader.Advance(length - 2);
            if (marker == 0xDA)
            {
                _state = State.EntropyData;
            }
        }
    }

    private ScanResult Implausible()
    {
        _implausible = true;
        return ScanResult.Restart;
    }
}
