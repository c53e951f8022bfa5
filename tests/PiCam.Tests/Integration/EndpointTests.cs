using System.Net;
using System.Text.Json;
using PiCam.Tests.Support;
using Xunit;

namespace PiCam.Tests.Integration;

/// <summary>Every endpoint and header of the seed, against the real server process.</summary>
[Trait("Category", "Integration")]
public sealed class EndpointTests : IAsyncLifetime
{
    private ServerProcess _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["NAME"] = "Garden <Cam>", ["RESOLUTION"] = "320x240", ["FRAMERATE"] = "30" });
        _client = _server.CreateClient(new SocketsHttpHandler { AllowAutoRedirect = false });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Root_Get_RedirectsPermanentlyToIndexHtml()
    {
        using var response = await _client.GetAsync("/");
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/index.html", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task IndexHtml_Get_ShowsTheEscapedNameAndEmbedsTheStream()
    {
        using var response = await _client.GetAsync("index.html");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Garden &lt;Cam&gt; Live", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<Cam>", html, StringComparison.Ordinal);
        Assert.Contains("src=\"stream.mjpg\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal); // no external assets
    }

    [Theory]
    [InlineData("stream.mjpg")]
    [InlineData("?action=stream")]
    public async Task Stream_Get_SendsTheSeedsHeadersAndExactPartsOfValidJpegs(string path)
    {
        using var response = await _client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("multipart/x-mixed-replace; boundary=FRAME", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("0", response.Headers.GetValues("Age").Single());
        Assert.Equal("no-cache, private", string.Join(", ", response.Headers.GetValues("Cache-Control")));
        Assert.Equal("no-cache", response.Headers.GetValues("Pragma").Single());
        Assert.Equal("no", response.Headers.GetValues("X-Accel-Buffering").Single());

        var reader = new MultipartReader(await response.Content.ReadAsStreamAsync());
        byte[]? previous = null;
        for (var i = 0; i < 3; i++)
        {
            var part = await reader.ReadPartAsync();
            Assert.Equal(["Content-Type: image/jpeg", $"Content-Length: {part.Body.Length}"], part.HeaderLines);
            JpegAssert.Valid(part.Body, 320, 240);
            Assert.False(previous is not null && previous.AsSpan().SequenceEqual(part.Body), "a frame was sent twice");
            previous = part.Body;
        }
    }

    [Theory]
    [InlineData("current.jpg")]
    [InlineData("?action=snapshot")]
    public async Task Snapshot_Get_ReturnsAValidJpegWithLengthAndNoCacheHeaders(string path)
    {
        using var response = await _client.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal("no-cache, private", string.Join(", ", response.Headers.GetValues("Cache-Control")));
        Assert.Equal("no-cache", response.Headers.GetValues("Pragma").Single());
        JpegAssert.Valid(body, 320, 240);
    }

    [Fact]
    public async Task Snapshot_TwoRequestsInARow_GiveDifferentFreshFrames()
    {
        var first = await _client.GetByteArrayAsync("current.jpg");
        var second = await _client.GetByteArrayAsync("current.jpg");
        Assert.False(first.AsSpan().SequenceEqual(second), "the second snapshot repeated the first frame");
    }

    [Fact]
    public async Task Status_Get_HasTheSeedsSixKeysSpelledExactly()
    {
        var status = await Json.GetAsync(_client, "status");
        Assert.Equal("Garden <Cam>", status.GetProperty("name").GetString());
        Assert.True(status.GetProperty("uptime_seconds").GetInt64() >= 0);
        Assert.Equal("320x240", status.GetProperty("resolution").GetString());
        Assert.Equal(JsonValueKind.False, status.GetProperty("hdr").ValueKind);
        Assert.Equal(JsonValueKind.Number, status.GetProperty("clients").ValueKind);
        var timestamp = DateTimeOffset.Parse(status.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - timestamp).TotalSeconds) < 5);
        Assert.EndsWith("Z", status.GetProperty("timestamp").GetString(), StringComparison.Ordinal);
        Assert.Equal("simulator", status.GetProperty("source").GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Array, status.GetProperty("config_problems").ValueKind);
        Assert.Equal(JsonValueKind.Array, status.GetProperty("viewers").ValueKind);
        Assert.True(status.GetProperty("system").GetProperty("disk_free_bytes").GetInt64() > 0);
    }

    [Fact]
    public async Task Status_WhileAStreamIsOpen_CountsItAndDescribesTheViewerWithoutAddresses()
    {
        using var stream = await _client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead);
        var reader = new MultipartReader(await stream.Content.ReadAsStreamAsync());
        await reader.ReadPartAsync();
        var status = await Json.WaitForStatusAsync(_client, s => s.GetProperty("clients").GetInt32() >= 1, TimeSpan.FromSeconds(5));
        Assert.True(status.GetProperty("clients").GetInt32() >= 1);
        var viewer = status.GetProperty("viewers")[0];
        Assert.True(viewer.TryGetProperty("seconds_connected", out _));
        Assert.True(viewer.TryGetProperty("fps", out _));
        Assert.DoesNotContain("127.0.0.1", status.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_Get_ServesPrometheusText()
    {
        using var response = await _client.GetAsync("metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE picam_clients gauge\npicam_clients ", text, StringComparison.Ordinal);
        Assert.Contains("\npicam_frames_total ", text, StringComparison.Ordinal);
        Assert.Contains("\npicam_source_online 1\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("index.htm")]
    [InlineData("../etc/passwd")]
    public async Task UnknownPath_Get_Returns404(string path)
    {
        using var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("POST", "status")]
    [InlineData("PUT", "current.jpg")]
    [InlineData("DELETE", "stream.mjpg")]
    public async Task OtherMethods_OnKnownPaths_Return405(string method, string path)
    {
        using var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Head_OnTheStream_ReturnsHeadersAndEnds()
    {
        using var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "stream.mjpg"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("multipart/x-mixed-replace", response.Content.Headers.ContentType?.MediaType);
    }
}
