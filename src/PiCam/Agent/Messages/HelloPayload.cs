namespace PiCam.Agent.Messages;

/// <summary>The agent's first message. The token is only ever written to the socket.</summary>
internal sealed record HelloPayload(string DeviceId, string? Token, IReadOnlyList<string> Capabilities, string Version, string Name);
