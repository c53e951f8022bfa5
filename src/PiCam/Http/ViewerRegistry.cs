using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PiCam.Config;

namespace PiCam.Http;

/// <summary>
/// The open streams: enforces <c>MAX_CLIENTS</c> fairly, feeds <c>/status</c>, and once a second drops any
/// viewer stalled longer than <see cref="WriteTimeout"/>. When every place is taken a newcomer still gets one
/// if a viewer has been stalled for <see cref="StalledGrace"/> (a connection that does not read, squatting),
/// or if one address holds at least two places more than the newcomer's would (one house, one script, cannot
/// keep everyone else out). Only then is the newcomer refused. One sweep for every viewer, not a timer each.
/// </summary>
internal sealed class ViewerRegistry : BackgroundService
{
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a viewer may take no frame before a newcomer may have its place (when all are taken).</summary>
    public static readonly TimeSpan StalledGrace = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
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

    /// <summary>Admits a viewer, giving it the place of a stalled viewer or of the address with the most when all are taken.</summary>
    public bool TryAdd(Viewer viewer)
    {
        Viewer? displaced;
        bool stalled;
        lock (_gate)
        {
            (displaced, stalled) = _count < _maxClients ? (null, false) : ChoosePlaceFor(viewer);
            if (_count >= _maxClients && displaced is null)
            {
                return false;
            }

            if (displaced is not null)
            {
                RemoveLocked(displaced);
            }

            _viewers[viewer] = 0;
            _count++;
        }

        if (displaced is not null)
        {
            if (stalled)
            {
                HttpLog.StalledViewerReplaced(_logger, displaced.StalledFor.TotalSeconds);
            }
            else
            {
                HttpLog.ViewerPlaceShared(_logger, _viewers.Keys.Count(v => v.Address.Equals(displaced.Address)) + 1);
            }

            displaced.Context.Abort();
        }

        return true;
    }

    public void Remove(Viewer viewer)
    {
        lock (_gate)
        {
            RemoveLocked(viewer);
        }
    }

    /// <summary>Under the lock: the viewer stalled longest (past the grace), else the newest of the address with the most places.</summary>
    private (Viewer? Viewer, bool Stalled) ChoosePlaceFor(Viewer newcomer)
    {
        Viewer? stalledLongest = null;
        var longest = StalledGrace;
        var perAddress = new Dictionary<IPAddress, int>();
        foreach (var viewer in _viewers.Keys)
        {
            var stalledFor = viewer.StalledFor;
            if (stalledFor >= longest)
            {
                (stalledLongest, longest) = (viewer, stalledFor);
            }

            perAddress[viewer.Address] = perAddress.GetValueOrDefault(viewer.Address) + 1;
        }

        if (stalledLongest is not null)
        {
            return (stalledLongest, true);
        }

        var (heaviest, most) = perAddress.MaxBy(p => p.Value);
        if (perAddress.GetValueOrDefault(newcomer.Address) + 2 > most)
        {
            return (null, false);
        }

        return (_viewers.Keys.Where(v => v.Address.Equals(heaviest)).MaxBy(v => v.ConnectedAt), false);
    }

    private void RemoveLocked(Viewer viewer)
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
                    if (viewer.StalledFor > WriteTimeout)
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
