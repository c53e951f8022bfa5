using System.Buffers;
using System.Globalization;
using System.Text;

namespace PiCam.Streaming;

/// <summary>
/// One immutable JPEG with its sequence number. The bytes are laid out once as a complete multipart part
/// (<c>--FRAME</c> headers, JPEG, CRLF) so that every viewer sends it with a single write and no per-viewer
/// formatting. The buffer is never reused, so any writer may hold it as long as it likes.
/// </summary>
internal sealed class Frame
{
    public const string Boundary = "FRAME";

    private readonly byte[] _part;
    private readonly int _headerLength;
    private byte[]? _timestampHeader;

    public Frame(long sequence, ReadOnlySpan<byte> jpeg, DateTimeOffset capturedAt, long capturedTicks, bool isPlaceholder = false)
    {
        Sequence = sequence;
        IsPlaceholder = isPlaceholder;
        CapturedAt = capturedAt;
        CapturedTicks = capturedTicks;
        var header = PartHeader(jpeg.Length, timestamp: null);
        _headerLength = header.Length;
        _part = new byte[header.Length + jpeg.Length + 2];
        header.CopyTo(_part, 0);
        jpeg.CopyTo(_part.AsSpan(header.Length));
        _part[^2] = (byte)'\r';
        _part[^1] = (byte)'\n';
    }

    public long Sequence { get; }

    /// <summary>A generated picture ("NO CAMERA") shown while the camera is down, not a capture.</summary>
    public bool IsPlaceholder { get; }

    /// <summary>Wall-clock time the frame was complete.</summary>
    public DateTimeOffset CapturedAt { get; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when the frame was complete, for ages and rates.</summary>
    public long CapturedTicks { get; }

    public ReadOnlyMemory<byte> Jpeg => _part.AsMemory(_headerLength, _part.Length - _headerLength - 2);

    /// <summary>The whole multipart part, exactly as the seed wrote it.</summary>
    public ReadOnlyMemory<byte> Part => _part;

    /// <summary>The part with an <c>X-Timestamp</c> header (ustreamer's convention), as one new buffer; streams use <see cref="WritePart"/>.</summary>
    public ReadOnlyMemory<byte> TimestampedPart
    {
        get
        {
            var header = TimestampHeader;
            var part = new byte[header.Length + _part.Length - _headerLength];
            header.CopyTo(part, 0);
            _part.AsSpan(_headerLength).CopyTo(part.AsSpan(header.Length));
            return part;
        }
    }

    /// <summary>Bytes <see cref="WritePart"/> writes.</summary>
    public int PartLength(bool timestamps) => timestamps ? TimestampHeader.Length + _part.Length - _headerLength : _part.Length;

    /// <summary>
    /// Copies the part into <paramref name="writer"/> (a response's pipe), with an <c>X-Timestamp</c> header if asked:
    /// then the header, built once per frame, and the shared JPEG are copied separately, so no per-frame copy of the JPEG is made.
    /// </summary>
    public void WritePart(IBufferWriter<byte> writer, bool timestamps)
    {
        if (timestamps)
        {
            writer.Write(TimestampHeader);
            writer.Write(_part.AsSpan(_headerLength));
        }
        else
        {
            writer.Write(_part);
        }
    }

    private byte[] TimestampHeader
    {
        get
        {
            var header = Volatile.Read(ref _timestampHeader);
            if (header is null)
            {
                var seconds = CapturedAt.ToUnixTimeMilliseconds() / 1000.0 + (CapturedAt.Ticks % TimeSpan.TicksPerMillisecond) / (double)TimeSpan.TicksPerSecond;
                header = PartHeader(Jpeg.Length, seconds);
                header = Interlocked.CompareExchange(ref _timestampHeader, header, null) ?? header;
            }

            return header;
        }
    }

    private static byte[] PartHeader(int length, double? timestamp)
    {
        var header = $"--{Boundary}\r\nContent-Type: image/jpeg\r\nContent-Length: {length.ToString(CultureInfo.InvariantCulture)}\r\n";
        if (timestamp is { } t)
        {
            header += $"X-Timestamp: {t.ToString("F6", CultureInfo.InvariantCulture)}\r\n";
        }

        return Encoding.ASCII.GetBytes(header + "\r\n");
    }
}
