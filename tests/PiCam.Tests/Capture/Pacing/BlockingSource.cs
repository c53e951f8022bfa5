using PiCam.Capture;
using PiCam.Streaming;

namespace PiCam.Tests.Capture.Pacing;

/// <summary>
/// A source that never yields: each "frame" blocks its thread like a slow encode, and <see cref="RunAsync"/>
/// returns only when it ends. With <c>heedsCancellation: false</c> it also ignores the token until released.
/// </summary>
internal sealed class BlockingSource(TimeSpan perFrame, bool heedsCancellation = true) : IFrameSource
{
    private static readonly byte[] Jpeg = TestJpeg.Encode(32, 32, seed: 7);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _released;

    public string Kind => "blocking";

    public string? Description => null;

    /// <summary>Completes when a run has returned or thrown.</summary>
    public Task Ended => _ended.Task;

    /// <summary>Lets a source that ignores cancellation finish.</summary>
    public void Release() => _released = true;

    public Task RunAsync(FrameHub hub, CancellationToken cancellationToken)
    {
        try
        {
            while (!_released)
            {
                if (heedsCancellation)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                Thread.Sleep(perFrame);
                hub.Publish(Jpeg);
            }

            return Task.CompletedTask;
        }
        finally
        {
            _ended.TrySetResult();
        }
    }
}
