using System.Text.Json.Serialization;

namespace PiCam.Bench;

/// <summary>Source-generated JSON for the result files.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(LoadResult))]
[JsonSerializable(typeof(StartupResult))]
[JsonSerializable(typeof(SoakResult))]
[JsonSerializable(typeof(WebRtc.WebRtcResult))]
internal sealed partial class BenchJson : JsonSerializerContext;
