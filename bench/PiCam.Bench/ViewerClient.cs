using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PiCam.Bench;

/// <summary>
/// One viewer of /stream.mjpg on a raw socket: sends the GET, parses the response head, then walks the
/// multipart parts by Content-Length, checking each part's framing (JPEG SOI/EOI, trailing CRLF).
/// </summary>
internal sealed class ViewerClient(IPEndPoint endPoint, string path, int expectedSamples)
{
    private const int BufferSize = 64 * 1024;
    private const uint JpegEoiCrLf = 0xFFD90D0A;

    private readonly byte[] buffer = new byte[BufferSize];
    private readonly TaskCompletionSource<bool> firstFrame = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int start;
    private int end;
    private ChunkedDecoder? chunked;
    private byte[] delimiter = [];
    private long lastTimestamp = long.MinValue;

    public List<float> LagsMs { get; } = new(expectedSamples);

    /// <summary>When set, every new frame's X-Timestamp (Unix µs) is added, in or out of the measurement window.</summary>
    public List<long>? CaptureTimes { get; init; }

    /// <summary>Completes with true on the first complete part, false if the viewer failed before that.</summary>
    public Task<bool> FirstFrame => firstFrame.Task;

    public long Parts { get; private set; }

    public long FreshFrames { get; private set; }

    public long DuplicateParts { get; private set; }

    public long OutOfOrder { get; private set; }

    public long WireBytes { get; private set; }

    public bool ConnectRefused { get; private set; }

    public string? Error { get; private set; }

    public string? FormatIssue { get; private set; }

    public async Task RunAsync(CancellationToken cancel)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            try
            {
                await socket.ConnectAsync(endPoint, cancel);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                ConnectRefused = true;
                throw;
            }

            var request = $"GET {path} HTTP/1.1\r\nHost: {endPoint}\r\nUser-Agent: picam-bench\r\nAccept: */*\r\n\r\n";
            await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, cancel);
            await ReadResponseHeadAsync(socket, cancel);
            while (true)
            {
                await ReadPartAsync(socket, cancel);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidDataException)
        {
            Error = e.Message;
        }
        finally
        {
            firstFrame.TrySetResult(false);
        }
    }

    private async Task ReadResponseHeadAsync(Socket socket, CancellationToken cancel)
    {
        int headLength;
        while ((headLength = buffer.AsSpan(0, end).IndexOf("\r\n\r\n"u8)) < 0)
        {
            await FillAsync(socket, cancel);
        }

        var head = Encoding.ASCII.GetString(buffer, 0, headLength);
        var lines = head.Split("\r\n");
        if (!lines[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || lines[0].Split(' ')[1] != "200")
        {
            throw new InvalidDataException($"GET {path}: '{lines[0]}'");
        }

        string? boundary = null;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? line : line[..colon].Trim();
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].Trim();
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                var at = value.IndexOf("boundary=", StringComparison.OrdinalIgnoreCase);
                boundary = at < 0 ? null : value[(at + "boundary=".Length)..].Split(';')[0].Trim('"', ' ');
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) &&
                     value.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                chunked = new ChunkedDecoder();
            }
        }

        delimiter = Encoding.ASCII.GetBytes($"--{boundary ?? throw new InvalidDataException($"no multipart boundary in: {head}")}\r\n");
        start = headLength + 4;
        if (chunked is not null)
        {
            end = start + chunked.Decode(buffer.AsSpan(start, end - start));
        }
    }

    private async Task ReadPartAsync(Socket socket, CancellationToken cancel)
    {
        int headLength;
        while ((headLength = buffer.AsSpan(start, end - start).IndexOf("\r\n\r\n"u8)) < 0)
        {
            await FillAsync(socket, cancel);
        }

        var (length, timestamp) = ParsePartHead(buffer.AsSpan(start, headLength + 2));
        start += headLength + 4;
        await SkipBodyAsync(socket, length, cancel);
        OnFrame(timestamp, UnixTime.NowMicros());
    }

    private (int Length, long Timestamp) ParsePartHead(ReadOnlySpan<byte> head)
    {
        if (!head.StartsWith(delimiter))
        {
            throw new InvalidDataException($"part does not start with the boundary line: '{Printable(head)}'");
        }

        int? length = null;
        long? timestamp = null;
        var names = new StringBuilder();
        head = head[delimiter.Length..];
        while (head.Length > 0)
        {
            var eol = head.IndexOf("\r\n"u8);
            var line = head[..eol];
            head = head[(eol + 2)..];
            var colon = line.IndexOf((byte)':');
            var name = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? [] : line[(colon + 1)..].Trim((byte)' ');
            names.Append(Encoding.ASCII.GetString(name)).Append(',');
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                length = Utf8Parser.TryParse(value, out int n, out var used) && used == value.Length && n >= 0 ? n
                    : throw new InvalidDataException($"bad Content-Length '{Printable(value)}'");
            }
            else if (Ascii.EqualsIgnoreCase(name, "X-Timestamp"u8))
            {
                timestamp = UnixTime.TryParseMicros(value, out var micros) ? micros
                    : throw new InvalidDataException($"bad X-Timestamp '{Printable(value)}'");
            }
            else if (Ascii.EqualsIgnoreCase(name, "Content-Type"u8) && !value.SequenceEqual("image/jpeg"u8))
            {
                FormatIssue ??= $"part Content-Type is '{Printable(value)}'";
            }
        }

        if (!names.ToString().Equals("Content-Type,Content-Length,X-Timestamp,", StringComparison.OrdinalIgnoreCase))
        {
            FormatIssue ??= $"part header order is {names.ToString().TrimEnd(',')}";
        }

        return (length ?? throw new InvalidDataException("part without Content-Length"),
                timestamp ?? throw new InvalidDataException("part without X-Timestamp"));
    }

    private async Task SkipBodyAsync(Socket socket, int length, CancellationToken cancel)
    {
        long count = length + 2L;
        long consumed = 0;
        uint tail = 0;
        while (consumed < count)
        {
            if (start == end)
            {
                await FillAsync(socket, cancel);
                continue;
            }

            var span = buffer.AsSpan(start, (int)Math.Min(count - consumed, end - start));
            if (consumed == 0 && span.Length >= 2 && (span[0] != 0xFF || span[1] != 0xD8))
            {
                throw new InvalidDataException($"part body does not start with JPEG SOI (got {span[0]:X2} {span[1]:X2})");
            }

            foreach (var b in span.Length > 4 ? span[^4..] : span)
            {
                tail = (tail << 8) | b;
            }

            start += span.Length;
            consumed += span.Length;
        }

        if (tail != JpegEoiCrLf)
        {
            throw new InvalidDataException($"part does not end with JPEG EOI + CRLF (last 4 bytes {tail:X8}, Content-Length {length})");
        }
    }

    private void OnFrame(long timestamp, long now)
    {
        firstFrame.TrySetResult(true);
        if (timestamp != lastTimestamp)
        {
            CaptureTimes?.Add(timestamp);
        }

        if (MeasurementGate.IsOpen)
        {
            Parts++;
            if (timestamp == lastTimestamp)
            {
                DuplicateParts++;
            }
            else
            {
                OutOfOrder += timestamp < lastTimestamp ? 1 : 0;
                FreshFrames++;
                LagsMs.Add((now - timestamp) / 1000f);
            }
        }

        lastTimestamp = timestamp;
    }

    /// <summary>Receives more payload after end; compacts first when the buffer is full.</summary>
    private async Task FillAsync(Socket socket, CancellationToken cancel)
    {
        if (start == end)
        {
            start = end = 0;
        }
        else if (end == buffer.Length)
        {
            if (start == 0)
            {
                throw new InvalidDataException($"no end of header within {BufferSize} bytes: '{Printable(buffer.AsSpan(0, 120))}'");
            }

            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            start = 0;
        }

        var received = await socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None, cancel);
        if (received == 0 || chunked?.Finished == true)
        {
            throw new IOException("server closed the stream");
        }

        if (MeasurementGate.IsOpen)
        {
            WireBytes += received;
        }

        end += chunked is null ? received : chunked.Decode(buffer.AsSpan(end, received));
    }

    private static string Printable(ReadOnlySpan<byte> bytes) =>
        Encoding.ASCII.GetString(bytes[..Math.Min(bytes.Length, 160)]).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
