using PiCam.Streaming;

namespace PiCam.WebRtc.Media;

/// <summary>
/// The H.264 fan-out, like <see cref="FrameHub"/> for JPEG: the newest access unit, the newest keyframe
/// (so a joining viewer has a picture at once), waiters woken by each new one, and the demand (WebRTC
/// sessions) that decides whether the encoder runs. Two producers can feed it: the derived encoder
/// (<see cref="H264Encoder"/>, ffmpeg from the MJPEG) or a camera that emits H.264 itself and holds a
/// <see cref="ClaimNative"/> lease while it does; while one is held, derived pictures are ignored, so the two
/// streams never interleave.
/// </summary>
internal sealed class H264Hub
{
    private readonly Lock _gate = new();
    private H264AccessUnit? _latest;
    private H264AccessUnit? _latestKeyframe;
    private TaskCompletionSource<H264AccessUnit> _next = NewWaiter<H264AccessUnit>();
    private TaskCompletionSource _demandChanged = NewWaiter();
    private TaskCompletionSource _nativeChanged = NewWaiter();
    private long _sequence;
    private int _demand;
    private string? _native;
    private string? _derivedEncoder;

    public H264AccessUnit? Latest => Volatile.Read(ref _latest);

    public H264AccessUnit? LatestKeyframe => Volatile.Read(ref _latestKeyframe);

    public int Demand => Volatile.Read(ref _demand);

    public long Published => Volatile.Read(ref _sequence);

    /// <summary>True while a camera feeds the hub its own H.264 (<see cref="ClaimNative"/>).</summary>
    public bool NativeActive => Volatile.Read(ref _native) is not null;

    /// <summary>Completes when a native lease is taken or released.</summary>
    public Task NativeChanged
    {
        get
        {
            lock (_gate)
            {
                return _nativeChanged.Task;
            }
        }
    }

    /// <summary>The encoder the derived path uses (libx264, h264_v4l2m2m), once chosen.</summary>
    public string? DerivedEncoder
    {
        get => Volatile.Read(ref _derivedEncoder);
        set => Volatile.Write(ref _derivedEncoder, value);
    }

    /// <summary>What makes the H.264 now, for <c>/status</c>: the native camera's description while it feeds the hub, else the derived encoder.</summary>
    public string? Encoder => Volatile.Read(ref _native) is { } native ? $"{native} (passthrough)" : DerivedEncoder is { } derived ? $"{derived} (from the MJPEG)" : null;

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

    /// <summary>Publishes a picture; a derived one (<paramref name="native"/> false) is dropped, and null returned, while a camera holds a native lease.</summary>
    public H264AccessUnit? Publish(byte[] accessUnit, bool isKeyframe, long capturedTicks, bool native = false)
    {
        TaskCompletionSource<H264AccessUnit> waiters;
        H264AccessUnit unit;
        lock (_gate)
        {
            if (!native && _native is not null)
            {
                return null;
            }

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

    /// <summary>
    /// Forgets the derived encoder's cached pictures: its next run starts a new stream. A sequence number is
    /// skipped, so every session sees a gap and waits for the new stream's first keyframe. Nothing happens
    /// while a camera holds a native lease: the pictures are the camera's.
    /// </summary>
    public void Reset()
    {
        lock (_gate)
        {
            if (_native is null)
            {
                ResetLocked();
            }
        }
    }

    /// <summary>
    /// Taken by a camera that emits H.264 itself (<paramref name="description"/> names it) for as long as it
    /// feeds the hub: the derived encoder stands aside, and the stream starts afresh when the lease is taken
    /// and when it is released.
    /// </summary>
    public IDisposable ClaimNative(string description)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (_native is not null)
            {
                throw new InvalidOperationException("Only one camera can feed the H.264 hub at a time.");
            }

            Volatile.Write(ref _native, description);
            ResetLocked();
            changed = _nativeChanged;
            _nativeChanged = NewWaiter();
        }

        changed.TrySetResult();
        return new NativeLease(this);
    }

    private void ReleaseNative()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            Volatile.Write(ref _native, null);
            ResetLocked();
            changed = _nativeChanged;
            _nativeChanged = NewWaiter();
        }

        changed.TrySetResult();
    }

    private void ResetLocked()
    {
        Volatile.Write(ref _latest, null);
        Volatile.Write(ref _latestKeyframe, null);
        _sequence++;
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

    private sealed class NativeLease(H264Hub hub) : IDisposable
    {
        private H264Hub? _hub = hub;

        public void Dispose() => Interlocked.Exchange(ref _hub, null)?.ReleaseNative();
    }
}
