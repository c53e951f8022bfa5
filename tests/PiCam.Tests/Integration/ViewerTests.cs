using System.Diagnostics;
using System.Net;
using PiCam.Tests.Support;
using Xunit;

namespace PiCam.Tests.Integration;

/// <summary>How the server treats many, slow and stuck viewers.</summary>
[Trait("Category", "Integration")]
[Collection(TimingSensitive.Name)]
public sealed class ViewerTests
{
    [Fact]
    public async Task Stream_MoreThanMaxClients_GetsA503WithAOneLineReason()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["MAX_CLIENTS"] = "2" });
        using var client = server.CreateClient();
        using var first = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead);
        using var second = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead);
        using var third = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, third.StatusCode);
        var body = await third.Content.ReadAsStringAsync();
        Assert.Contains("MAX_CLIENTS", body, StringComparison.Ordinal);
        Assert.Single(body.TrimEnd('\n').Split('\n'));

        // Snapshots are not streams: they still work at the limit.
        using var snapshot = await client.GetAsync("current.jpg");
        Assert.Equal(HttpStatusCode.OK, snapshot.StatusCode);
    }

    [Fact]
    public async Task Stream_ViewersLeaving_FreesTheirPlacesAndTheClientCount()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["MAX_CLIENTS"] = "1" });
        using var client = server.CreateClient();
        using (var first = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead))
        {
            await new MultipartReader(await first.Content.ReadAsStreamAsync()).ReadPartAsync();
            Assert.Equal(1, (await Json.GetAsync(client, "status")).GetProperty("clients").GetInt32());
        }

        var status = await Json.WaitForStatusAsync(client, s => s.GetProperty("clients").GetInt32() == 0, TimeSpan.FromSeconds(5));
        Assert.Equal(0, status.GetProperty("clients").GetInt32());
        using var again = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Stream_TenViewersThatNeverRead_DoNotSlowAReadingViewerOrGrowMemory()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["RESOLUTION"] = "640x480", ["FRAMERATE"] = "30", ["QUALITY"] = "95" });
        using var client = server.CreateClient();
        var stalled = new List<RawClient>();
        try
        {
            for (var i = 0; i < 10; i++)
            {
                var raw = await RawClient.ConnectAsync(server.Port, receiveBufferBytes: 4096);
                await raw.SendAsync("GET /stream.mjpg HTTP/1.1\r\nHost: x\r\n\r\n");
                stalled.Add(raw);
            }

            using var response = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead);
            var reader = new MultipartReader(await response.Content.ReadAsStreamAsync());
            var warmUp = Stopwatch.StartNew();
            while (warmUp.Elapsed < TimeSpan.FromSeconds(2))
            {
                await reader.ReadPartAsync();
            }

            var before = await Json.GetAsync(client, "status");
            var rssBefore = before.GetProperty("system").GetProperty("process_rss_bytes").GetInt64();
            var madeBefore = before.GetProperty("source").GetProperty("frames_total").GetInt64();
            var frames = 0;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(4))
            {
                await reader.ReadPartAsync();
                frames++;
            }

            var fps = frames / clock.Elapsed.TotalSeconds;
            var status = await Json.GetAsync(client, "status");
            var made = status.GetProperty("source").GetProperty("frames_total").GetInt64() - madeBefore;
            Assert.True(frames >= 0.9 * made, $"the reading viewer got {frames} of the {made} frames made in {clock.Elapsed.TotalSeconds:F1} s with 10 stalled viewers; expected at least 90%");
            // Natively the source keeps its rate too; under emulation its rate is the emulator's speed, not picam's.
            Assert.True(PicamBinary.IsEmulated || fps >= 27, $"the reading viewer got {fps:F1} fps with 10 stalled viewers; expected at least 90% of 30");
            Assert.Equal(11, status.GetProperty("clients").GetInt32());
            var rssGrowth = status.GetProperty("system").GetProperty("process_rss_bytes").GetInt64() - rssBefore;
            Assert.True(rssGrowth < 32 * 1024 * 1024, $"server memory grew by {rssGrowth / 1024 / 1024} MB while viewers stalled");
        }
        finally
        {
            stalled.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Stream_ViewerWhoseWritesBlockFor10Seconds_IsDropped()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["RESOLUTION"] = "640x480", ["QUALITY"] = "95" });
        using var client = server.CreateClient();
        using var stalled = await RawClient.ConnectAsync(server.Port, receiveBufferBytes: 4096);
        await stalled.SendAsync("GET /stream.mjpg HTTP/1.1\r\nHost: x\r\n\r\n");
        await Json.WaitForStatusAsync(client, s => s.GetProperty("clients").GetInt32() == 1, TimeSpan.FromSeconds(5));

        var status = await Json.WaitForStatusAsync(client, s => s.GetProperty("clients").GetInt32() == 0, TimeSpan.FromSeconds(25));
        Assert.Equal(0, status.GetProperty("clients").GetInt32());
        Assert.True(await server.WaitForOutputAsync("Dropped a viewer", TimeSpan.FromSeconds(2)), server.Output);
    }
}
