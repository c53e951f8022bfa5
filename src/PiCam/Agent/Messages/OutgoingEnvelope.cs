using System.Text.Json;

namespace PiCam.Agent.Messages;

/// <summary>A message the agent sends.</summary>
internal sealed record OutgoingEnvelope(string Type, string Ts, JsonElement Payload);
