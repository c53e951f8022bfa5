using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PiCam.Http.Connections;

/// <summary>
/// Holds at most <see cref="ConnectionLimits.MaxConnections"/> connections over every listener. When full,
/// a new connection takes the place of the oldest connection that has never sent a byte, else of the one
/// idle longest (no request in progress: between keep-alive requests, mid-TLS-handshake, trickling
/// headers), the way Apache's event MPM sheds keep-alive connections. So idle connections can never lock out
/// a new client (the health check, a new viewer); only when every connection is busy with a request is a
/// new one closed at once.
/// </summary>
internal sealed class ConnectionGate
{
    private readonly Lock _gate = new();
    private readonly LinkedList<Tracked> _silent = new(); // never sent a byte, oldest first
    private readonly LinkedList<Tracked> _idle = new(); // sent something, no request in progress, idle longest first
    private readonly ConcurrentDictionary<string, Tracked> _byId = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private int _open;

    public ConnectionGate(ConnectionLimits limits, ILogger<ConnectionGate> logger)
    {
        Limits = limits;
        _logger = logger;
    }

    public ConnectionLimits Limits { get; }

    public int Open => Volatile.Read(ref _open);

    /// <summary>Connection middleware (<c>ListenOptions.Use</c>), outside TLS.</summary>
    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var tracked = Admit(connection);
        if (tracked is null)
        {
            HttpLog.ConnectionRefused(_logger, Limits.MaxConnections);
            return; // Kestrel closes it
        }

        connection.Transport = new FirstBytesObserver(connection.Transport, () => SentSomething(tracked));

        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            Release(tracked);
        }
    }

    /// <summary>HTTP middleware, first in the pipeline: a connection with a request in progress is not idle.</summary>
    public async Task TrackRequestAsync(HttpContext context, RequestDelegate next)
    {
        if (!_byId.TryGetValue(context.Connection.Id, out var tracked))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        ChangeBusy(tracked, +1);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            ChangeBusy(tracked, -1);
        }
    }

    private Tracked? Admit(ConnectionContext connection)
    {
        var tracked = new Tracked(connection);
        Tracked? evicted = null;
        lock (_gate)
        {
            if (_open >= Limits.MaxConnections)
            {
                if ((_silent.First ?? _idle.First) is not { } oldest)
                {
                    return null;
                }

                evicted = oldest.Value;
                Untrack(evicted);
            }

            _open++;
            tracked.Node = _silent.AddLast(tracked);
            _byId[connection.ConnectionId] = tracked;
        }

        if (evicted is not null)
        {
            HttpLog.IdleConnectionClosed(_logger, Limits.MaxConnections);
            evicted.Connection.Abort(new ConnectionAbortedException("Closed an idle connection to make room for a new one."));
        }

        return tracked;
    }

    private void Release(Tracked tracked)
    {
        lock (_gate)
        {
            if (!tracked.Gone)
            {
                Untrack(tracked);
            }
        }
    }

    /// <summary>Under the lock.</summary>
    private void Untrack(Tracked tracked)
    {
        tracked.Gone = true;
        Unlist(tracked);
        _open--;
        _byId.TryRemove(new KeyValuePair<string, Tracked>(tracked.Connection.ConnectionId, tracked));
    }

    private void ChangeBusy(Tracked tracked, int delta)
    {
        lock (_gate)
        {
            if (tracked.Gone)
            {
                return;
            }

            tracked.Busy += delta;
            tracked.HasSent = true;
            Unlist(tracked);
            if (tracked.Busy == 0)
            {
                tracked.Node = _idle.AddLast(tracked);
            }
        }
    }

    private void SentSomething(Tracked tracked)
    {
        lock (_gate)
        {
            if (tracked.Gone || tracked.HasSent)
            {
                return;
            }

            tracked.HasSent = true;
            Unlist(tracked);
            if (tracked.Busy == 0)
            {
                tracked.Node = _idle.AddLast(tracked);
            }
        }
    }

    /// <summary>Under the lock.</summary>
    private static void Unlist(Tracked tracked)
    {
        if (tracked.Node is { List: { } list } node)
        {
            list.Remove(node);
        }

        tracked.Node = null;
    }

    private sealed class Tracked(ConnectionContext connection)
    {
        public ConnectionContext Connection { get; } = connection;

        public LinkedListNode<Tracked>? Node { get; set; }

        /// <summary>Requests in progress (HTTP/2 may have several).</summary>
        public int Busy { get; set; }

        public bool HasSent { get; set; }

        public bool Gone { get; set; }
    }
}
