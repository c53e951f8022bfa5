using System.Text.Json.Serialization;
using PiCam.Platform.DuckDns;

namespace PiCam.Tests.DuckDns;

/// <summary>The options of <c>StatusJsonContext</c>, for <see cref="DuckDnsReport"/> alone (it joins the real context through <c>StatusReport</c>).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(DuckDnsReport))]
internal sealed partial class DuckDnsReportJsonContext : JsonSerializerContext
{
}
