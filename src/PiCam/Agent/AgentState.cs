using System.Globalization;

namespace PiCam.Agent;

/// <summary>What the agent is doing, for <c>/status</c>, the page and the heartbeat. Thread-safe.</summary>
internal sealed class AgentState
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private bool _connected;
    private DateTimeOffset? _since;
    private string? _lastError;
    private long? _retryAt;
    private int _sessions;
    private string? _deviceId;
    private string? _pairingCode;
    private int _reconnects;

    public AgentState(TimeProvider time, string? backend)
    {
        _time = time;
        Backend = backend;
    }

    /// <summary>The backend's socket URL without its query, or null when the agent is off.</summary>
    public string? Backend { get; }

    public string? DeviceId
    {
        get { lock (_lock) { return _deviceId; } }
        set { lock (_lock) { _deviceId = value; } }
    }

    public void Connected()
    {
        lock (_lock)
        {
            _connected = true;
            _since = _time.GetUtcNow();
            _retryAt = null;
        }
    }

    /// <summary>Not connected (any more); the next attempt is in <paramref name="retryIn"/>.</summary>
    public void Disconnected(string reason, TimeSpan retryIn)
    {
        lock (_lock)
        {
            if (_connected)
            {
                _reconnects++;
            }

            _connected = false;
            _since = _time.GetUtcNow();
            _lastError = reason;
            _retryAt = _time.GetTimestamp() + (long)(retryIn.TotalSeconds * _time.TimestampFrequency);
        }
    }

    public void Pairing(string? code)
    {
        lock (_lock)
        {
            _pairingCode = code;
        }
    }

    public void SessionsNow(int count)
    {
        lock (_lock)
        {
            _sessions = count;
        }
    }

    public AgentReport Report()
    {
        lock (_lock)
        {
            double? retryIn = _retryAt is { } at ? Math.Max(0, Math.Round((at - _time.GetTimestamp()) / (double)_time.TimestampFrequency, 1)) : null;
            return new AgentReport(
                Enabled: Backend is not null,
                Backend: Backend,
                Connected: _connected,
                Since: _since?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                LastError: _lastError,
                RetryInS: _connected ? null : retryIn,
                Sessions: _sessions,
                DeviceId: _deviceId,
                PairingCode: _pairingCode,
                Reconnects: _reconnects);
        }
    }
}
