namespace PiCam.Agent;

/// <summary><c>agent</c> in <c>/status</c>. Never holds the token.</summary>
internal sealed record AgentReport(
    bool Enabled,
    string? Backend,
    bool Connected,
    string? Since,
    string? LastError,
    double? RetryInS,
    int Sessions,
    string? DeviceId,
    string? PairingCode,
    int Reconnects);
