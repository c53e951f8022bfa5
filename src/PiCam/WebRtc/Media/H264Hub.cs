using PiCam.Streaming;

namespace PiCam.WebRtc.Media;

/// <summary>
/// The H.264 fan-out, like <see cref="FrameHub"/> for JPEG: the newest access unit, the newest keyframe
/// (so a joining viewer has a picture at once), waiters woken by each new one, and the demand (WebRTC
/// sessions) that decides whether the encoder runs.
/// </summary>
internal sealed class H264Hub
{
    private readonly Lock _gate = new();
    private H264AccessUnit? _latest;
    private H264AccessUnit? _latestKeyframe;
    private TaskCompletionSource<H264AccessUnit> _next = NewWaiter<H264AccessUnit>();
    private TaskCompletionSource _demandChanged = NewWaiter();
    private long _sequence;
    private int _demand;

    public H264AccessUnit? Latest => Volatile.Read(ref _latest);

    public H264AccessUnit? LatestKeyframe => Volatile.Read(ref _latestKeyframe);

    public int Demand => Volatile.Read(ref _demand);

    public long Published => Volatile.Read(ref _sequence);

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

    public H264AccessUnit Publish(byte[] accessUnit, bool isKeyframe, long capturedTicks)
    {
        TaskCompletionSource<H264AccessUnit> waiters;
        H264AccessUnit unit;
        lock (_gate)
        {
            unit = new H264AccessUnit(_sequence + 1, accessUnit, isKeyframe, capturedTicks);
            _sequence = unit.Sequence;
            Volatile.Write(ref _latest, unit);
            if (isKeyframe)
            {
                Volatile.Write(ref _latestKeyframe, unit);
            }

            waiters = _next;
            _next = NewWaiter<H264AccessUnit>();
        }

        waiters.TrySetResult(unit);
        return unit;
    }

    /// <summary>The newest access unit if it is newer than <paramref name="afterSequence"/>, else the next one published.</summary>
    public ValueTask<H264AccessUnit> WaitForNewerAsync(long afterSequence, CancellationToken cancellationToken)
    {
        Task<H264AccessUnit> next;
        lock (_gate)
        {
            if (_latest is { } latest && latest.Sequence > afterSequence)
            {
                return ValueTask.FromResult(latest);
            }

            next = _next.Task;
        }

        return new ValueTask<H264AccessUnit>(next.WaitAsync(cancellationToken));
    }

    /// <summary>Forgets the cached pictures: the next encoder run starts a new stream.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            Volatile.Write(ref _latest, null);
            Volatile.Write(ref _latestKeyframe, null);
        }
    }

    public IDisposable AddDemand()
    {
        ChangeDemand(+1);
        return new Lease(this);
    }

    private void ChangeDemand(int delta)
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

    private sealed class Lease(H264Hub hub) : IDisposable
    {
        private H264Hub? _hub = hub;

        public void Dispose() => Interlocked.Exchange(ref _hub, null)?.ChangeDemand(-1);
    }
}
