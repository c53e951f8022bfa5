using System.Buffers;
using System.IO.Pipelines;
using PiCam.Streaming;

namespace PiCam.Capture.Jpeg;

/// <summary>
/// Reads concatenated JPEGs from a stream (a camera process's stdout, a file) as a <see cref="PipeReader"/>
/// loop and hands each complete frame to a callback. Ends when the stream ends or the token is cancelled.
/// </summary>
internal static class MjpegReader
{
    public static async Task ReadFramesAsync(PipeReader pipe, JpegFrameScanner scanner, Action<ReadOnlySequence<byte>> onFrame, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            while (scanner.TryReadFrame(ref buffer, out var frame))
            {
                onFrame(frame);
            }

            pipe.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return;
            }
        }
    }

    /// <summary>Publishes a frame that may span several buffer segments.</summary>
    public static void Publish(FrameHub hub, ReadOnlySequence<byte> frame)
    {
        if (frame.IsSingleSegment)
        {
            hub.Publish(frame.FirstSpan);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent((int)frame.Length);
        try
        {
            frame.CopyTo(rented);
            hub.Publish(rented.AsSpan(0, (int)frame.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
