using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using PiCam.Capture.Jpeg;
using PiCam.Streaming;

namespace PiCam.WebRtc.Media;

/// <summary>The derived encoder's input: the hub's JPEGs decoded to raw pictures and written to ffmpeg's stdin, one run.</summary>
internal sealed class RawPictureFeed
{
    private const int FeedQueue = 8;
    private readonly FrameHub _frames;
    private readonly ILogger _logger;

    public RawPictureFeed(FrameHub frames, ILogger logger)
    {
        _frames = frames;
        _logger = logger;
    }

    /// <summary>
    /// Takes every capture from the hub into a short queue that <see cref="WriteAsync"/> decodes and writes. A raw picture
    /// is larger than the pipe's buffer, so a write waits whenever ffmpeg is descheduled; reading the hub apart from it
    /// keeps such a stall from skipping a capture (newest wins at the hub). Past <see cref="FeedQueue"/> pictures behind,
    /// the oldest is dropped.
    /// </summary>
    public async Task RunAsync(Stream stdin, JpegYuvDecoder decoder, YuvFormat format, long sent, ConcurrentQueue<long> captured,
        CancellationToken token)
    {
        var pending = Channel.CreateBounded<Frame>(new BoundedChannelOptions(FeedQueue)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.DropOldest,
        });
        var write = WriteAsync(stdin, decoder, format, pending.Reader, captured, token);
        try
        {
            while (!write.IsCompleted)
            {
                var frame = await _frames.WaitForNewerCaptureAsync(sent, token).ConfigureAwait(false);
                sent = frame.Sequence;
                pending.Writer.TryWrite(frame);
            }
        }
        finally
        {
            pending.Writer.TryComplete();
        }

        await write.ConfigureAwait(false);
    }

    private async Task WriteAsync(Stream stdin, JpegYuvDecoder decoder, YuvFormat format, ChannelReader<Frame> pending,
        ConcurrentQueue<long> captured, CancellationToken token)
    {
        var skipped = 0;
        await foreach (var frame in pending.ReadAllAsync(token).ConfigureAwait(false))
        {
            if (!decoder.TryDecode(frame.Jpeg.Span, format, out var yuv))
            {
                // A damaged JPEG is skipped; a camera whose pictures changed size needs an encoder for the new size.
                if (decoder.TryReadFormat(frame.Jpeg.Span, out var other) && other != format)
                {
                    throw new IOException($"the camera's pictures changed from {format.Width}x{format.Height} to {other.Width}x{other.Height}; the encoder restarts");
                }

                if (++skipped % 100 == 1)
                {
                    EncoderFeedLog.JpegUndecodable(_logger, skipped);
                }

                continue;
            }

            if (captured.Count < 256)
            {
                captured.Enqueue(frame.CapturedTicks);
            }

            await stdin.WriteAsync(yuv, token).ConfigureAwait(false);
            await stdin.FlushAsync(token).ConfigureAwait(false);
        }
    }
}
