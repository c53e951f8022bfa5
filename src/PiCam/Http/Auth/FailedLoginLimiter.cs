using System.Diagnostics;
using System.Threading.RateLimiting;

namespace PiCam.Http.Auth;

/// <summary>
/// Counts failed logins per client address with one <see cref="FixedWindowRateLimiter"/> each from
/// <c>System.Threading.RateLimiting</c>: <see cref="DefaultLimit"/> failures a minute, then the address is
/// refused (429) until its window ends. Successful logins never take a permit.
/// <para>
/// Not <c>PartitionedRateLimiter.Create</c>: its partitions are unbounded and it runs a 100 ms timer for the
/// life of the process. Here a limiter exists only for an address that has failed, is replenished when it is
/// next asked about (no timer, no CPU while nobody guesses), and the map holds at most
/// <see cref="DefaultMaxAddresses"/> of them: when full, limiters whose window has passed are dropped, then
/// the oldest. A flood of addresses therefore costs bounded memory; it can push out an earlier guesser's
/// count, but someone with that many addresses is not stopped by a per-address limit anyway.
/// </para>
/// </summary>
internal sealed class FailedLoginLimiter : IDisposable
{
    public const int DefaultLimit = 10;
    public const int DefaultMaxAddresses = 4096;
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (FixedWindowRateLimiter Limiter, long Started, long Order)> _limiters = new(StringComparer.Ordinal);
    private readonly FixedWindowRateLimiterOptions _options;
    private readonly int _maxAddresses;
    private long _added;

    public FailedLoginLimiter(int limit = DefaultLimit, TimeSpan? window = null, int maxAddresses = DefaultMaxAddresses)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAddresses, 1);
        Limit = limit;
        Window = window ?? DefaultWindow;
        _maxAddresses = maxAddresses;
        _options = new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = false, // replenished in Find, when asked; no timer per address
        };
    }

    public int Limit { get; }

    public TimeSpan Window { get; }

    /// <summary>How many addresses are being counted.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _limiters.Count;
            }
        }
    }

    /// <summary>Whether <paramref name="address"/> has used up its failures for this window; if so, for how long.</summary>
    public bool IsBlocked(string address, out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            retryAfter = TimeSpan.Zero;
            if (Find(address) is not { } entry || entry.Limiter.GetStatistics()?.CurrentAvailablePermits > 0)
            {
                return false;
            }

            retryAfter = Remaining(entry);
            return true;
        }
    }

    /// <summary>
    /// Counts one failure. False when it was one too many (the caller answers 429; this happens only when
    /// requests race past <see cref="IsBlocked"/>); <paramref name="nowBlocked"/> is true when this failure
    /// used up the address's last permit.
    /// </summary>
    public bool RecordFailure(string address, out bool nowBlocked, out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var entry = Find(address) ?? Add(address);
            using var lease = entry.Limiter.AttemptAcquire(1);
            nowBlocked = lease.IsAcquired && entry.Limiter.GetStatistics()?.CurrentAvailablePermits == 0;
            retryAfter = lease.IsAcquired && !nowBlocked ? TimeSpan.Zero : Remaining(entry);
            return lease.IsAcquired;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var entry in _limiters.Values)
            {
                entry.Limiter.Dispose();
            }

            _limiters.Clear();
        }
    }

    private (FixedWindowRateLimiter Limiter, long Started, long Order)? Find(string address)
    {
        if (!_limiters.TryGetValue(address, out var entry))
        {
            return null;
        }

        entry.Limiter.TryReplenish();
        if (IsIdle(entry.Limiter))
        {
            // The window passed and every permit is back: forgetting the address is the same thing.
            Remove(address, entry.Limiter);
            return null;
        }

        return entry;
    }

    private (FixedWindowRateLimiter Limiter, long Started, long Order) Add(string address)
    {
        if (_limiters.Count >= _maxAddresses)
        {
            foreach (var (key, (limiter, _, _)) in _limiters.ToList())
            {
                limiter.TryReplenish();
                if (IsIdle(limiter))
                {
                    Remove(key, limiter);
                }
            }

            if (_limiters.Count >= _maxAddresses)
            {
                var oldest = _limiters.MinBy(e => e.Value.Order);
                Remove(oldest.Key, oldest.Value.Limiter);
            }
        }

        // The limiter's window starts now (it reads the same Stopwatch), and it is forgotten once replenished,
        // so a living limiter's window always began at Started.
        var added = (new FixedWindowRateLimiter(_options), Stopwatch.GetTimestamp(), _added++);
        _limiters[address] = added;
        return added;
    }

    private void Remove(string address, FixedWindowRateLimiter limiter)
    {
        _limiters.Remove(address);
        limiter.Dispose();
    }

    /// <summary>Every permit back: the limiter's own notion of idle.</summary>
    private static bool IsIdle(FixedWindowRateLimiter limiter) => limiter.IdleDuration is not null;

    private TimeSpan Remaining((FixedWindowRateLimiter Limiter, long Started, long Order) entry)
    {
        var left = Window - Stopwatch.GetElapsedTime(entry.Started);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
