using System.Net;
using PiCam.Tests.Support;
using Xunit;

namespace PiCam.Tests.Integration;

/// <summary>Garbage and hostile clients get a clear error (or the door) and the server keeps serving everyone else.</summary>
[Trait("Category", "Integration")]
public sealed class HostileClientTests : IAsyncLifetime
{
    private ServerProcess _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync();
        _client = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task OversizedHeaders_AreRefusedWith431_AndTheServerKeepsServing()
    {
        using var raw = await RawClient.ConnectAsync(_server.Port);
        await raw.SendAsync($"GET /status HTTP/1.1\r\nHost: x\r\nX-Big: {new string('a', 64 * 1024)}\r\n\r\n");
        var (text, _) = await raw.ReadAllAsync(TimeSpan.FromSeconds(5));
        Assert.StartsWith("HTTP/1.1 431", text, StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n")]
    [InlineData("GET\r\n\r\n")]
    [InlineData("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n")]
    [InlineData("GET /status HTTP/9.9\r\nHost: x\r\n\r\n")]
    public async Task BadRequestLine_IsRefusedWithAClientError_AndTheServerKeepsServing(string request)
    {
        using var raw = await RawClient.ConnectAsync(_server.Port);
        await raw.SendAsync(request);
        var (text, _) = await raw.ReadAllAsync(TimeSpan.FromSeconds(5));
        Assert.Matches(@"^HTTP/1\.1 (4\d\d|505) ", text);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Slowloris_SendingHeadersForever_IsCutOff_WhileOthersAreServed()
    {
        using var raw = await RawClient.ConnectAsync(_server.Port);
        await raw.SendAsync("GET /status HTTP/1.1\r\nHost: x\r\n");
        var cutOff = false;
        for (var i = 0; i < 15 && !cutOff; i++)
        {
            await AssertStillServingAsync();
            try
            {
                await raw.SendAsync($"X-Slow-{i}: 1\r\n");
            }
            catch (System.Net.Sockets.SocketException)
            {
                cutOff = true;
                break;
            }

            var (_, closed) = await raw.ReadAllAsync(TimeSpan.FromSeconds(1));
            cutOff = closed;
        }

        Assert.True(cutOff, "a client trickling headers for 15 s was never disconnected");
    }

    [Fact]
    public async Task Stream_ViewerDisconnectingMidStream_IsNotLoggedAsAnError()
    {
        for (var i = 0; i < 3; i++)
        {
            using var raw = await RawClient.ConnectAsync(_server.Port);
            await raw.SendAsync("GET /stream.mjpg HTTP/1.1\r\nHost: x\r\n\r\n");
            var buffer = new byte[20000];
            await raw.Socket.ReceiveAsync(buffer);
            raw.Socket.LingerState = new System.Net.Sockets.LingerOption(true, 0); // reset, not a polite close
        }

        await Json.WaitForStatusAsync(_client, s => s.GetProperty("clients").GetInt32() == 0, TimeSpan.FromSeconds(5));
        await AssertStillServingAsync();
        Assert.DoesNotContain("fail:", _server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("crit:", _server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", _server.Output, StringComparison.Ordinal);
    }

    private async Task AssertStillServingAsync()
    {
        using var response = await _client.GetAsync("current.jpg");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
