using Microsoft.AspNetCore.Http;
using PiCam.Http.Acme;

namespace PiCam.Tests.Acme;

/// <summary>Port 80 sends browsers to HTTPS on the same host, path and query.</summary>
public sealed class HttpsRedirectTests
{
    [Theory]
    [InlineData(8443, "cam.example.org", "/index.html", "?a=1&b=2", "https://cam.example.org:8443/index.html?a=1&b=2")]
    [InlineData(443, "cam.example.org", "/stream.mjpg", "", "https://cam.example.org/stream.mjpg")]
    [InlineData(443, "cam.example.org:80", "/", "", "https://cam.example.org/")]
    [InlineData(8443, "192.168.1.20", "/status", "", "https://192.168.1.20:8443/status")]
    [InlineData(8443, "[fe80::1]:80", "/", "", "https://[fe80::1]:8443/")]
    [InlineData(443, "", "/index.html", "", "https://fallback.example.org/index.html")]
    [InlineData(443, "evil.example/<script>", "/", "", "https://fallback.example.org/")]
    public void Location_keeps_the_host_path_and_query_on_the_https_port(int port, string host, string path, string query, string expected)
    {
        var redirect = new HttpsRedirect(port, "fallback.example.org");

        var location = redirect.Location(new HostString(host), PathString.Empty, new PathString(path), new QueryString(query));

        Assert.Equal(expected, location);
    }

    [Fact]
    public async Task A_request_gets_301_with_the_location()
    {
        var context = HttpExchange.Create("GET", "/index.html", host: "cam.example.org", query: "?x=1");

        await new HttpsRedirect(443, "cam.example.org").HandleAsync(context);

        Assert.Equal(301, context.Response.StatusCode);
        Assert.Equal("https://cam.example.org/index.html?x=1", context.Response.Headers.Location.ToString());
    }
}
