using System.Net;

namespace PiCam.WebRtc.Turn;

/// <summary>
/// When each part of an allocation must be renewed (RFC 8656 §7, §9, §12): the allocation a minute before
/// its lifetime ends (half way for short ones), permissions every 4 minutes (they last 5), channel
/// bindings every 9 (they last 10; a ChannelBind also renews its peer's permission). What <see cref="TakeDue"/>
/// hands out is pushed <see cref="RetryInterval"/> ahead, so a failed renewal is tried again, not in a tight loop.
/// </summary>
internal sealed class TurnRefreshPlan
{
    public static readonly TimeSpan PermissionInterval = TimeSpan.FromMinutes(4);
    public static readonly TimeSpan ChannelInterval = TimeSpan.FromMinutes(9);
    public static readonly TimeSpan AllocationMargin = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, DateTimeOffset> _permissions = [];
    private readonly Dictionary<ushort, (IPEndPoint Peer, DateTimeOffset Due)> _channels = [];
    private DateTimeOffset? _allocation;

    public sealed record Work(bool Allocation, IReadOnlyList<IPAddress> Permissions, IReadOnlyList<(ushort Channel, IPEndPoint Peer)> Channels)
    {
        public bool IsEmpty => !Allocation && Permissions.Count == 0 && Channels.Count == 0;
    }

    public void Allocated(DateTimeOffset now, TimeSpan lifetime)
    {
        var ahead = lifetime - AllocationMargin;
        lock (_gate)
        {
            _allocation = now + (ahead > lifetime / 2 ? ahead : lifetime / 2);
        }
    }

    public void Permitted(IPAddress peer, DateTimeOffset now)
    {
        lock (_gate)
        {
            _permissions[peer] = now + PermissionInterval;
        }
    }

    public void Bound(ushort channel, IPEndPoint peer, DateTimeOffset now)
    {
        lock (_gate)
        {
            _channels[channel] = (peer, now + ChannelInterval);
            _permissions[peer.Address] = now + PermissionInterval;
        }
    }

    /// <summary>Nothing more to renew: the allocation is gone.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _allocation = null;
            _permissions.Clear();
            _channels.Clear();
        }
    }

    /// <summary>The earliest renewal, or null when there is no allocation.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_gate)
            {
                if (_allocation is not { } next)
                {
                    return null;
                }

                foreach (var due in _permissions.Values)
                {
                    next = due < next ? due : next;
                }

                foreach (var (_, due) in _channels.Values)
                {
                    next = due < next ? due : next;
                }

                return next;
            }
        }
    }

    public Work TakeDue(DateTimeOffset now)
    {
        lock (_gate)
        {
            var retry = now + RetryInterval;
            var allocation = _allocation is { } a && a <= now;
            if (allocation)
            {
                _allocation = retry;
            }

            var channels = _channels.Where(c => c.Value.Due <= now).Select(c => (c.Key, c.Value.Peer)).ToList();
            foreach (var (channel, peer) in channels)
            {
                _channels[channel] = (peer, retry);
            }

            // A channel being renewed renews its peer's permission too.
            var renewedByChannel = channels.Select(c => c.Peer.Address).ToHashSet();
            var permissions = _permissions.Where(p => p.Value <= now && !renewedByChannel.Contains(p.Key)).Select(p => p.Key).ToList();
            foreach (var peer in permissions)
            {
                _permissions[peer] = retry;
            }

            return new Work(allocation, permissions, channels);
        }
    }
}
