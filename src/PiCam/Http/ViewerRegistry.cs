using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PiCam.Config;

namespace PiCam.Http;

/// <summary>
/// The open streams: enforces <c>MAX_CLIENTS</c>, feeds <c>/status</c>, and once a second drops any viewer
/// whose write has been blocked longer than <see cref="WriteTimeout"/>. One sweep for every viewer,
/// rather than a timer per viewer.
/// </summary>
internal sealed class ViewerRegistry : BackgroundService
{
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<Viewer, byte> _viewers = new();
    private readonly int _maxClients;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _count;
    private long _bytesFromClosed;

    public ViewerRegistry(PicamSettings settings, TimeProvider time, ILogger<ViewerRegistry> logger)
    {
        _maxClients = settings.MaxClients;
        _time = time;
        _logger = logger;
    }

    public int Count => Volatile.Read(ref _count);

    public int MaxClients => _maxClients;

    /// <summary>Bytes of frames sent to every viewer since start.</summary>
    public long BytesSent => Volatile.Read(ref _bytesFromClosed) + _viewers.Keys.Sum(v => v.BytesSent);

    public IReadOnlyCollection<Viewer> Snapshot() => [.. _viewers.Keys];

    /// <summary>Admits a viewer unless <c>MAX_CLIENTS</c> are already watching.</summary>
    public bool TryAdd(Viewer viewer)
    {
        if (Interlocked.Increment(ref _count) > _maxClients)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }

        _viewers[viewer] = 0;
        return true;
    }

    public void Remove(Viewer viewer)
    {
        if (_viewers.TryRemove(viewer, out _))
        {
            Interlocked.Add(ref _bytesFromClosed, viewer.BytesSent);
            Interlocked.Decrement(ref _count);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (var viewer in _viewers.Keys)
                {
                    if (viewer.CurrentWriteDuration > WriteTimeout)
                    {
                        Log.SlowViewerDropped(_logger, WriteTimeout.TotalSeconds);
                        Remove(viewer);
                        viewer.Context.Abort();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
