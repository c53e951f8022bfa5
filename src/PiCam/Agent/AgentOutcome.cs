namespace PiCam.Agent;

/// <summary>How one connection ended: how long it was up after hello_ack (zero if never), and why, as a sentence.</summary>
internal sealed record AgentOutcome(TimeSpan ConnectedFor, string Reason);
