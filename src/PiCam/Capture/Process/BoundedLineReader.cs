using System.Text;
using PiCam.Config;

namespace PiCam.Capture.Process;

/// <summary>
/// Splits what a child process writes (its stderr) into lines without ever holding more than one short line:
/// a line ends at <c>\n</c> or <c>\r</c> (ffmpeg's progress line uses carriage returns only), and a line longer
/// than <see cref="MaxLineBytes"/> is cut there, the rest of it read and dropped. However much a program
/// writes, and however it is chunked, this costs two fixed buffers. What <see cref="Printable"/> finds unsafe
/// (controls, bidirectional overrides) becomes a space, so a line cannot rewrite the terminal or forge a log line.
/// </summary>
internal static class BoundedLineReader
{
    /// <summary>The longest line kept, in bytes of UTF-8; the rest of a longer line is dropped.</summary>
    public const int MaxLineBytes = 512;

    public const string CutMark = " [...]";

    /// <summary>Reads to the end of <paramref name="stream"/>, handing each non-blank line (trimmed) to <paramref name="onLine"/>.</summary>
    public static async Task ReadLinesAsync(Stream stream, Action<string> onLine, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[4096];
        var line = new byte[MaxLineBytes];
        var length = 0;
        var cut = false;
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            var chunk = buffer.AsSpan(0, read);
            while (!chunk.IsEmpty)
            {
                var end = chunk.IndexOfAny((byte)'\n', (byte)'\r');
                var piece = end < 0 ? chunk : chunk[..end];
                var room = MaxLineBytes - length;
                piece[..Math.Min(room, piece.Length)].CopyTo(line.AsSpan(length));
                cut |= piece.Length > room;
                length += Math.Min(room, piece.Length);
                if (end < 0)
                {
                    break;
                }

                Emit(line, length, cut, onLine);
                length = 0;
                cut = false;
                chunk = chunk[(end + 1)..];
            }
        }

        Emit(line, length, cut, onLine);
    }

    private static void Emit(byte[] line, int length, bool cut, Action<string> onLine)
    {
        var text = Printable.Text(Encoding.UTF8.GetString(line, 0, length), MaxLineBytes, replacement: ' ').Trim();
        if (text.Length > 0)
        {
            onLine(cut ? text + CutMark : text);
        }
    }
}
