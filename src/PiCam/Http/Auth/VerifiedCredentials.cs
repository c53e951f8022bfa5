using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PiCam.Http.Auth;

/// <summary>
/// Remembers credentials that passed the slow PBKDF2 check for a few minutes, so a stream's reconnects and
/// the page's <c>/status</c> poll every 2 s cost one HMAC, not 600,000 iterations, on a Pi. Only successes
/// are added (a failure must cost the guesser the full price), and only an HMAC of the credentials is held,
/// keyed with a secret made at start: no password sits in memory, and a lookup's timing says nothing
/// about the stored entries. Entries expire a fixed time after the check that admitted them.
/// </summary>
internal sealed class VerifiedCredentials
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Only correct credentials get in, and there is one viewer login, so this is generous.</summary>
    public const int DefaultCapacity = 16;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _expiries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly int _capacity;

    public VerifiedCredentials(TimeProvider time, TimeSpan? lifetime = null, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = time;
        _lifetime = lifetime ?? DefaultLifetime;
        _capacity = capacity;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _expiries.Count;
            }
        }
    }

    /// <summary>Whether these exact credentials were verified within the lifetime.</summary>
    public bool Contains(string user, string password)
    {
        var key = Fingerprint(user, password);
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (!_expiries.TryGetValue(key, out var expiry))
            {
                return false;
            }

            if (now < expiry)
            {
                return true;
            }

            _expiries.Remove(key);
            return false;
        }
    }

    /// <summary>Records credentials that the slow check accepted. Never call this for a failure.</summary>
    public void Add(string user, string password)
    {
        var key = Fingerprint(user, password);
        var now = _time.GetTimestamp();
        var expiry = now + (long)(_lifetime.TotalSeconds * _time.TimestampFrequency);
        lock (_gate)
        {
            if (_expiries.Count >= _capacity && !_expiries.ContainsKey(key))
            {
                foreach (var stale in _expiries.Where(e => e.Value <= now).Select(e => e.Key).ToList())
                {
                    _expiries.Remove(stale);
                }

                if (_expiries.Count >= _capacity)
                {
                    _expiries.Remove(_expiries.MinBy(e => e.Value).Key);
                }
            }

            _expiries[key] = expiry;
        }
    }

    /// <summary>HMAC-SHA256 over the length-prefixed user and the password, so no two pairs share an input.</summary>
    private string Fingerprint(string user, string password)
    {
        var userBytes = Encoding.UTF8.GetByteCount(user);
        var input = new byte[4 + userBytes + Encoding.UTF8.GetByteCount(password)];
        BinaryPrimitives.WriteInt32BigEndian(input, userBytes);
        Encoding.UTF8.GetBytes(user, input.AsSpan(4));
        Encoding.UTF8.GetBytes(password, input.AsSpan(4 + userBytes));
        var mac = HMACSHA256.HashData(_key, input);
        CryptographicOperations.ZeroMemory(input);
        return Convert.ToBase64String(mac);
    }
}
