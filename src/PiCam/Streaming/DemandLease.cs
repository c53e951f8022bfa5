namespace PiCam.Streaming;

/// <summary>Demand for frames held by one viewer or snapshot request; disposing it releases the demand once.</summary>
internal sealed class DemandLease : IDisposable
{
    private FrameHub? _hub;

    public DemandLease(FrameHub hub) => _hub = hub;

    public void Dispose() => Interlocked.Exchange(ref _hub, null)?.ChangeDemand(-1);
}
