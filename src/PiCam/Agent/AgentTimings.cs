namespace PiCam.Agent;

/// <summary>The agent's clocks. Fixed by the protocol (docs/AGENT.md), not configuration.</summary>
internal static class AgentTimings
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    /// <summary>Connecting (TCP, TLS, the upgrade) may take this long.</summary>
    public static readonly TimeSpan Connect = TimeSpan.FromSeconds(10);

    /// <summary>hello_ack must come this soon after hello.</summary>
    public static readonly TimeSpan HelloAck = TimeSpan.FromSeconds(10);

    /// <summary>A connected socket that brings no message (heartbeat_ack or anything) for this long is half-open.</summary>
    public static readonly TimeSpan Silence = Heartbeat * 2 + TimeSpan.FromSeconds(10);

    /// <summary>WebSocket ping; no pong within <see cref="PongTimeout"/> aborts the socket.</summary>
    public static readonly TimeSpan Ping = TimeSpan.FromSeconds(15);

    public static readonly TimeSpan PongTimeout = TimeSpan.FromSeconds(20);

    public static readonly TimeSpan Goodbye = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan BackoffStart = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan BackoffCap = TimeSpan.FromSeconds(60);

    /// <summary>A connection that lasted this long resets the backoff.</summary>
    public static readonly TimeSpan Healthy = TimeSpan.FromMinutes(1);
}
