namespace PiCam.Agent.Messages;

/// <summary>The agent's last message before it closes the socket on purpose.</summary>
internal sealed record GoodbyePayload(string Reason);
