namespace PiCam.Agent.Messages;

/// <summary>Every 15 s: how the device is doing.</summary>
internal sealed record HeartbeatPayload(long UptimeS, int Viewers, double Fps, int Sessions);
