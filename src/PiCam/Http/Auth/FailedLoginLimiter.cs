namespace PiCam.Http.Auth;

/// <summary>
/// Counts password checks per client address: <see cref="DefaultLimit"/> a minute, then the address is refused
/// (429) until its window ends. A check takes its permit <em>before</em> the slow hash runs
/// (<see cref="TryReserve"/>), so concurrent guesses cannot race past the count: however many arrive at once,
/// at most <see cref="Limit"/> are hashed in a window. A check that succeeds gives its permit back
/// (<see cref="Release"/>): only failures count.
/// <para>
/// An address is held only while it has a window running (no timer: a window that has passed is forgotten
/// when next looked at), and the map holds at most <see cref="DefaultMaxAddresses"/>: when full, addresses
/// whose window passed are dropped, then the oldest. A flood of addresses therefore costs bounded memory; it
/// can push out an earlier guesser's count, but someone with that many addresses is not stopped by a
/// per-address limit anyway (the global bound on hashing, <see cref="PasswordCheckQueue"/>, is what holds).
/// </para>
/// </summary>
internal sealed class FailedLoginLimiter : IDisposable
{
    public const int DefaultLimit = 10;
    public const int DefaultMaxAddresses = 4096;
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly int _maxAddresses;
    private long _added;

    public FailedLoginLimiter(int limit = DefaultLimit, TimeSpan? window = null, int maxAddresses = DefaultMaxAddresses, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAddresses, 1);
        Limit = limit;
        Window = window ?? DefaultWindow;
        _maxAddresses = maxAddresses;
        _time = time ?? TimeProvider.System;
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
                return _entries.Count;
            }
        }
    }

    /// <summary>Whether <paramref name="address"/> has used up its checks for this window; if so, for how long.</summary>
    public bool IsBlocked(string address, out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (Find(address, now) is { } entry && entry.Used >= Limit)
            {
                retryAfter = Remaining(entry, now);
                return true;
            }

            retryAfter = TimeSpan.Zero;
            return false;
        }
    }

    /// <summary>
    /// Takes one of the address's permits for a password check about to run. False when none is left (the
    /// caller answers 429 without checking). The permit counts as a failure unless it is given back with
    /// <see cref="Release"/>; <see cref="LoginAttempt.Last"/> says it was the window's last one.
    /// </summary>
    public bool TryReserve(string address, out LoginAttempt attempt, out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var entry = Find(address, now) ?? Add(address, now);
            if (entry.Used >= Limit)
            {
                attempt = default;
                retryAfter = Remaining(entry, now);
                return false;
            }

            entry.Used++;
            attempt = new LoginAttempt(address, entry.Started, entry.Used == Limit);
            retryAfter = attempt.Last ? Remaining(entry, now) : TimeSpan.Zero;
            return true;
        }
    }

    /// <summary>Gives a permit back: its check succeeded, or never ran. A permit from a window that has passed is simply dropped.</summary>
    public void Release(LoginAttempt attempt)
    {
        lock (_gate)
        {
            if (attempt.Address is not null && _entries.TryGetValue(attempt.Address, out var entry) && entry.Started == attempt.Window && entry.Used > 0)
            {
                entry.Used--;
            }
        }
    }

    /// <summary>Counts one failure outright (a reservation that is kept); see <see cref="TryReserve"/>.</summary>
    public bool RecordFailure(string address, out bool nowBlocked, out TimeSpan retryAfter)
    {
        var reserved = TryReserve(address, out var attempt, out retryAfter);
        nowBlocked = reserved && attempt.Last;
        return reserved;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    private Entry? Find(string address, long now)
    {
        if (!_entries.TryGetValue(address, out var entry))
        {
            return null;
        }

        if (_time.GetElapsedTime(entry.Started, now) < Window)
        {
            return entry;
        }

        _entries.Remove(address); // the window passed: forgetting the address is the same as a fresh count
        return null;
    }

    private Entry Add(string address, long now)
    {
        if (_entries.Count >= _maxAddresses)
        {
            foreach (var key in _entries.Where(e => _time.GetElapsedTime(e.Value.Started, now) >= Window).Select(e => e.Key).ToList())
            {
                _entries.Remove(key);
            }

            if (_entries.Count >= _maxAddresses)
            {
                _entries.Remove(_entries.MinBy(e => e.Value.Order).Key);
            }
        }

        var entry = new Entry { Started = now, Order = _added++ };
        _entries[address] = entry;
        return entry;
    }

    private TimeSpan Remaining(Entry entry, long now)
    {
        var left = Window - _time.GetElapsedTime(entry.Started, now);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private sealed class Entry
    {
        public int Used { get; set; }

        public long Started { get; init; }

        public long Order { get; init; }
    }
}
