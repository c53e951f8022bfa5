using Microsoft.Extensions.Logging;

namespace PiCam.Agent;

/// <summary>Log events of the device agent (EventIds 1300–1399). Nothing here ever carries the device token.</summary>
internal static partial class AgentLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Device agent: connecting to {Backend} as device {DeviceId}.")]
    public static partial void Starting(ILogger logger, string backend, string deviceId);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Connected to the backend {Backend} as device {DeviceId}.")]
    public static partial void Connected(ILogger logger, string backend, string deviceId);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Cannot use the backend {Backend}: {Reason} Retrying in {Seconds:F1} s.")]
    public static partial void ConnectFailed(ILogger logger, string backend, string reason, double seconds);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "The backend connection ended: {Reason} Reconnecting in {Seconds:F1} s.")]
    public static partial void Disconnected(ILogger logger, string reason, double seconds);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Debug, Message = "Ignored a message of unknown type {Type} from the backend.")]
    public static partial void UnknownType(ILogger logger, string type);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "Dropped a message from the backend: {Reason}")]
    public static partial void Dropped(ILogger logger, string reason);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Warning, Message = "Device {DeviceId} is not paired yet: enter the pairing code {Code} in the backend to pair it.")]
    public static partial void PairingCode(ILogger logger, string deviceId, string code);

    [LoggerMessage(EventId = 1307, Level = LogLevel.Warning, Message = "Could not get a pairing code from {Url}: {Reason}")]
    public static partial void PairingFailed(ILogger logger, string url, string reason);

    [LoggerMessage(EventId = 1308, Level = LogLevel.Information, Message = "Watch session {SessionId} ended: {Reason}")]
    public static partial void SessionEnded(ILogger logger, string sessionId, string reason);

    [LoggerMessage(EventId = 1309, Level = LogLevel.Information, Message = "Watch session {SessionId} started ({Sessions} now).")]
    public static partial void SessionStarted(ILogger logger, string sessionId, int sessions);

    [LoggerMessage(EventId = 1310, Level = LogLevel.Information, Message = "Said goodbye to the backend.")]
    public static partial void Goodbye(ILogger logger);

    [LoggerMessage(EventId = 1311, Level = LogLevel.Information, Message = "Generated device ID {DeviceId}, kept in {Path}.")]
    public static partial void DeviceIdGenerated(ILogger logger, string deviceId, string path);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Warning, Message = "Cannot keep the generated device ID in {Path} ({Reason}): it changes at every start. Set DEVICE_ID, or DATA_DIR to a writable directory.")]
    public static partial void DeviceIdNotKept(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1313, Level = LogLevel.Warning, Message = "Cannot read BACKEND_CA_FILE {Path} ({Reason}); trusting the system's certificate authorities only.")]
    public static partial void CaFileUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1314, Level = LogLevel.Warning, Message = "The backend reported an error: {Code}: {Message}")]
    public static partial void BackendError(ILogger logger, string code, string message);

    [LoggerMessage(EventId = 1315, Level = LogLevel.Debug, Message = "Received {Type} from the backend.")]
    public static partial void Received(ILogger logger, string type);

    [LoggerMessage(EventId = 1316, Level = LogLevel.Debug, Message = "Ignored a message for unknown watch session {SessionId}.")]
    public static partial void UnknownSession(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 1317, Level = LogLevel.Debug, Message = "A {Type} for watch session {SessionId} was not sent: the backend connection that carried the offer is gone.")]
    public static partial void SignalLost(ILogger logger, string type, string sessionId);
}
