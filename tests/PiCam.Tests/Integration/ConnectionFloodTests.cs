using System.Diagnostics;
using System.Net;
using PiCam.Tests.Support;
using Xunit;

namespace PiCam.Tests.Integration;

/// <summary>
/// Issue 9, defect 1: about 1,100 idle TCP connections used every file descriptor and locked out every new
/// client, the health check included. Here the server gets a low descriptor limit so the flood is cheap.
/// </summary>
[Trait("Category", "Integration")]
[Collection(TimingSensitive.Name)]
public sealed class ConnectionFloodTests
{
    private const int FileLimit = 512;
    private const int IdleConnections = 700;

    [Fact]
    public async Task IdleConnectionFlood_BeyondTheDescriptorLimit_LeavesHealthzAndNewStreamsServing()
    {
        await using var server = await ServerProcess.StartAsync(fileLimit: (FileLimit, FileLimit));
        using var client = server.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(5);
        var idle = new List<RawClient>();
        try
        {
            // Many idle connections that never send a byte, from one address and from many.
            using var flooding = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            for (var i = 0; i < IdleConnections; i++)
            {
                var from = IPAddress.Parse($"127.0.{1 + (i % 7)}.{1 + (i % 200)}");
                try
                {
                    using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(flooding.Token);
                    connectTimeout.CancelAfter(TimeSpan.FromSeconds(1));
                    idle.Add(await RawClient.ConnectAsync(server.Port, from: from, cancellationToken: connectTimeout.Token));
                }
                catch (Exception ex) when (ex is OperationCanceledException or System.Net.Sockets.SocketException)
                {
                    // The listen backlog is full: the flood got as far as it could.
                }
            }

            var timer = Stopwatch.StartNew();
            using (var health = await client.GetAsync("healthz"))
            {
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            }

            using (var stream = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead))
            {
                Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
                using var firstFrame = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                var part = await new MultipartReader(await stream.Content.ReadAsStreamAsync(firstFrame.Token)).ReadPartAsync(firstFrame.Token);
                Assert.NotEmpty(part.Body);
            }

            Assert.True(timer.Elapsed < TimeSpan.FromSeconds(8), $"/healthz and a first frame took {timer.Elapsed.TotalSeconds:F1} s during the flood");
            var descriptors = Directory.GetFiles($"/proc/{server.ProcessId}/fd").Length;
            Assert.True(descriptors < FileLimit, $"the server holds {descriptors} descriptors of {FileLimit}");
            Assert.DoesNotContain("Too many open files", server.Output, StringComparison.Ordinal);
        }
        finally
        {
            idle.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task Server_RaisesItsSoftDescriptorLimitToTheHardLimit()
    {
        await using var server = await ServerProcess.StartAsync(fileLimit: (256, 4096));
        var line = File.ReadLines($"/proc/{server.ProcessId}/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        Assert.Matches(@"^Max open files\s+4096\s+4096\s", line);
    }

    [Fact]
    public async Task IdleConnection_ThatNeverSendsARequest_IsClosedWithin15Seconds()
    {
        await using var server = await ServerProcess.StartAsync();
        using var idle = await RawClient.ConnectAsync(server.Port);
        var timer = Stopwatch.StartNew();
        var (_, closed) = await idle.ReadAllAsync(TimeSpan.FromSeconds(30));
        Assert.True(closed, "an idle connection was still open after 30 s");
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(15), $"an idle connection was kept {timer.Elapsed.TotalSeconds:F0} s");
    }
}
