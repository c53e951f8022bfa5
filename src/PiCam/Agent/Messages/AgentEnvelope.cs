using System.Text.Json;

namespace PiCam.Agent.Messages;

/// <summary>Every message either way: <c>{"type", "ts", "payload"}</c>. Other fields are ignored.</summary>
internal sealed class AgentEnvelope
{
    public string? Type { get; set; }

    /// <summary>ISO-8601 UTC when we send; whatever the backend sends is accepted and ignored.</summary>
    public JsonElement? Ts { get; set; }

    public JsonElement? Payload { get; set; }
}
