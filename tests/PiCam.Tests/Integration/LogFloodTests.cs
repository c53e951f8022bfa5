using System.Net;
using PiCam.Tests.Support;
using Xunit;

namespace PiCam.Tests.Integration;

/// <summary>Issue 9, defect 11: every refused viewer logged a warning, 1.6 million lines in 25 s.</summary>
[Trait("Category", "Integration")]
[Collection(TimingSensitive.Name)]
public sealed class LogFloodTests
{
    [Fact]
    public async Task RefusedViewerFlood_LogsAFewLinesAndASummary_NotOneLineEach()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["MAX_CLIENTS"] = "1" });
        using var client = server.CreateClient();
        using var watching = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, watching.StatusCode);

        const int Refusals = 1000;
        var refused = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, Refusals), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, token) =>
        {
            using var response = await client.GetAsync("stream.mjpg", token);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Interlocked.Increment(ref refused);
            }
        });

        Assert.Equal(Refusals, refused);
        Assert.True(await server.WaitForOutputAsync("repeated", TimeSpan.FromSeconds(25)), $"no summary of the repeated refusals:\n{Tail(server.Output)}");
        var lines = server.Output.Split('\n').Count(l => l.Contains("Viewer refused", StringComparison.Ordinal));
        Assert.True(lines <= 20, $"{lines} log lines for {Refusals} refused viewers");
    }

    private static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(20));
}
