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
    private byte[]? _timestampedPart;

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

    /// <summary>The part with an <c>X-Timestamp</c> header (ustreamer's convention), built once on first use.</summary>
    public ReadOnlyMemory<byte> TimestampedPart
    {
        get
        {
            var part = Volatile.Read(ref _timestampedPart);
            if (part is null)
            {
                var seconds = CapturedAt.ToUnixTimeMilliseconds() / 1000.0 + (CapturedAt.Ticks % TimeSpan.TicksPerMillisecond) / (double)TimeSpan.TicksPerSecond;
                var header = PartHeader(Jpeg.Length, seconds);
                part = new byte[header.Length + _part.Length - _headerLength];
                header.CopyTo(part, 0);
                _part.AsSpan(_headerLength).CopyTo(part.AsSpan(header.Length));
                part = Interlocked.CompareExchange(ref _timestampedPart, part, null) ?? part;
            }

            return part;
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
