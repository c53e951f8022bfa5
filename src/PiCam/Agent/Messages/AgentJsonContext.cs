using System.Text.Json.Serialization;

namespace PiCam.Agent.Messages;

/// <summary>Source-generated JSON for the agent's protocol: snake_case, no reflection, AOT-safe.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    MaxDepth = 16)]
[JsonSerializable(typeof(AgentEnvelope))]
[JsonSerializable(typeof(OutgoingEnvelope))]
[JsonSerializable(typeof(HelloPayload))]
[JsonSerializable(typeof(HelloAckPayload))]
[JsonSerializable(typeof(HeartbeatPayload))]
[JsonSerializable(typeof(SessionPayload))]
[JsonSerializable(typeof(ErrorPayload))]
[JsonSerializable(typeof(GoodbyePayload))]
[JsonSerializable(typeof(PairingResponse))]
internal sealed partial class AgentJsonContext : JsonSerializerContext
{
}
