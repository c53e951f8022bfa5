using System.Globalization;
using System.Text;

namespace PiCam.Tests.Support;

/// <summary>Reads <c>multipart/x-mixed-replace</c> parts from a stream, checking the seed's exact framing.</summary>
public sealed class MultipartReader
{
    private readonly Stream _stream;
    private readonly byte[] _one = new byte[1];

    public MultipartReader(Stream stream) => _stream = stream;

    public sealed record Part(IReadOnlyList<string> HeaderLines, byte[] Body)
    {
        public string? Header(string name) => HeaderLines
            .Select(l => l.Split(": ", 2))
            .FirstOrDefault(p => p[0].Equals(name, StringComparison.OrdinalIgnoreCase))?[1];
    }

    public async Task<Part> ReadPartAsync(CancellationToken cancellationToken = default)
    {
        var boundary = await ReadLineAsync(cancellationToken);
        if (boundary != "--FRAME")
        {
            throw new InvalidDataException($"expected the boundary line '--FRAME', got '{boundary}'");
        }

        var headers = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            if (line.Length == 0)
            {
                break;
            }

            headers.Add(line);
        }

        var part = new Part(headers, []);
        var length = int.Parse(part.Header("Content-Length") ?? throw new InvalidDataException("no Content-Length"), CultureInfo.InvariantCulture);
        var body = new byte[length];
        await _stream.ReadExactlyAsync(body, cancellationToken);
        var crlf = new byte[2];
        await _stream.ReadExactlyAsync(crlf, cancellationToken);
        if (crlf[0] != '\r' || crlf[1] != '\n')
        {
            throw new InvalidDataException("a part must end with CRLF after its body");
        }

        return part with { Body = body };
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (await _stream.ReadAsync(_one, cancellationToken) == 0)
            {
                throw new EndOfStreamException("the stream ended");
            }

            if (_one[0] == '\n')
            {
                if (line.Length == 0 || line[^1] != '\r')
                {
                    throw new InvalidDataException("lines must end with CRLF");
                }

                return line.ToString(0, line.Length - 1);
            }

            line.Append((char)_one[0]);
        }
    }
}
