using System.Text.Json.Serialization;
using PiCam.Platform.Health;

namespace PiCam.Tests.Platform.Health;

/// <summary>The options of the product's <c>StatusJsonContext</c>, to check how <see cref="ThrottleState"/> serializes.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ThrottleState))]
internal sealed partial class ThrottleJsonContext : JsonSerializerContext
{
}
