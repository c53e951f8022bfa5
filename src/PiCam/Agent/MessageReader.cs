using System.Net.WebSockets;

namespace PiCam.Agent;

/// <summary>
/// Reads whole text messages of at most <see cref="MaxBytes"/> from a socket. A larger or binary message is
/// read to its end and dropped (the reason is returned), so a hostile backend costs a bounded buffer.
/// </summary>
internal sealed class MessageReader
{
    public const int MaxBytes = 64 * 1024;

    private readonly byte[] _buffer = new byte[MaxBytes];
    private readonly byte[] _drain = new byte[4096];

    /// <summary>One message: its text, or null with the reason it was dropped; or Closed when the backend closed.</summary>
    public async Task<(ReadOnlyMemory<byte>? Text, string? Dropped, bool Closed)> ReadAsync(WebSocket socket, CancellationToken cancellation)
    {
        var length = 0;
        var tooLarge = false;
        while (true)
        {
            var target = tooLarge || length == MaxBytes ? _drain.AsMemory() : _buffer.AsMemory(length);
            var result = await socket.ReceiveAsync(target, cancellation).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (null, null, true);
            }

            if (tooLarge || length == MaxBytes)
            {
                tooLarge = tooLarge || result.Count > 0;
            }
            else
            {
                length += result.Count;
            }

            if (!result.EndOfMessage)
            {
                continue;
            }

            if (result.MessageType == WebSocketMessageType.Binary)
            {
                return (null, "a binary frame (the protocol is JSON text).", false);
            }

            if (tooLarge)
            {
                return (null, $"larger than {MaxBytes / 1024} KiB.", false);
            }

            return (_buffer.AsMemory(0, length), null, false);
        }
    }
}
