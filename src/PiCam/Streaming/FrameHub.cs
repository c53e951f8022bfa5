namespace PiCam.Streaming;

/// <summary>
/// The fan-out: the newest frame only, a sequence number, and waiters woken when a newer frame is published.
/// There are no per-viewer queues: a viewer asks for "anything newer than what I sent", so a slow viewer
/// simply skips to the newest frame. It also counts demand (viewers and waiting snapshots), which decides
/// whether the source runs at all.
/// </summary>
internal sealed class FrameHub
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly FpsMeter _fps;
    private Frame? _latest;
    private Frame? _latestCapture;
    private TaskCompletionSource<Frame> _next = NewWaiter<Frame>();
    private TaskCompletionSource _demandChanged = NewWaiter();
    private long _sequence;
    private int _demand;

    public FrameHub(TimeProvider time)
    {
        _time = time;
        _fps = new FpsMeter(time);
    }

    public Frame? Latest => Volatile.Read(ref _latest);

    /// <summary>The newest frame that came from the camera (not a placeholder).</summary>
    public Frame? LatestCapture => Volatile.Read(ref _latestCapture);

    /// <summary>Viewers plus waiting snapshot requests.</summary>
    public int Demand => Volatile.Read(ref _demand);

    public double FramesPerSecond => _fps.Rate;

    /// <summary>Copies <paramref name="jpeg"/> into a new immutable frame, makes it the newest and wakes every waiter.</summary>
    public Frame Publish(ReadOnlySpan<byte> jpeg, bool isPlaceholder = false)
    {
        var ticks = _time.GetTimestamp();
        TaskCompletionSource<Frame> waiters;
        Frame frame;
        lock (_gate)
        {
            frame = new Frame(_sequence + 1, jpeg, _time.GetUtcNow(), ticks, isPlaceholder);
            _sequence = frame.Sequence;
            Volatile.Write(ref _latest, frame);
            if (!isPlaceholder)
            {
                Volatile.Write(ref _latestCapture, frame);
            }
            waiters = _next;
            _next = NewWaiter<Frame>();
        }

        if (!isPlaceholder)
        {
            _fps.Tick(ticks);
        }

        waiters.TrySetResult(frame);
        return frame;
    }

    /// <summary>Returns the newest frame if its sequence is greater than <paramref name="afterSequence"/>, else waits for the next one.</summary>
    public ValueTask<Frame> WaitForNewerAsync(long afterSequence, CancellationToken cancellationToken)
    {
        var latest = Volatile.Read(ref _latest);
        if (latest is not null && latest.Sequence > afterSequence)
        {
            return ValueTask.FromResult(latest);
        }

        Task<Frame> next;
        lock (_gate)
        {
            latest = _latest;
            if (latest is not null && latest.Sequence > afterSequence)
            {
                return ValueTask.FromResult(latest);
            }

            next = _next.Task;
        }

        return new ValueTask<Frame>(next.WaitAsync(cancellationToken));
    }

    /// <summary>Waits for a camera frame newer than <paramref name="afterSequence"/>, passing over placeholders.</summary>
    public async ValueTask<Frame> WaitForNewerCaptureAsync(long afterSequence, CancellationToken cancellationToken)
    {
        var frame = await WaitForNewerAsync(afterSequence, cancellationToken).ConfigureAwait(false);
        while (frame.IsPlaceholder)
        {
            frame = await WaitForNewerAsync(frame.Sequence, cancellationToken).ConfigureAwait(false);
        }

        return frame;
    }

    /// <summary>Registers demand for frames until the returned lease is disposed.</summary>
    public DemandLease AddDemand()
    {
        ChangeDemand(+1);
        return new DemandLease(this);
    }

    /// <summary>Completes when demand changes between zero and non-zero.</summary>
    public Task DemandChanged
    {
        get
        {
            lock (_gate)
            {
                return _demandChanged.Task;
            }
        }
    }

    internal void ChangeDemand(int delta)
    {
        TaskCompletionSource? changed = null;
        lock (_gate)
        {
            var before = _demand;
            _demand += delta;
            if ((before == 0) != (_demand == 0))
            {
                changed = _demandChanged;
                _demandChanged = NewWaiter();
            }
        }

        changed?.TrySetResult();
    }

    private static TaskCompletionSource<T> NewWaiter<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TaskCompletionSource NewWaiter() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
