using System.Net;
using System.Text;
using System.Text.Json;
using PiCam.Http.Auth;
using PiCam.Tests.Support;
using Xunit;

namespace PiCam.Tests.Integration;

/// <summary>Issue 9, defects 8 and 14 against the real server: an unreadable file fails closed, a huge one stays small on /status.</summary>
[Trait("Category", "Integration")]
public sealed class ConfigFileTests
{
    /// <summary>
    /// Mode 000 means nothing to root, so when the tests run as root the server runs as nobody (setpriv); the
    /// file's directory is opened up so that only the file's own mode stands in the way.
    /// </summary>
    [Fact]
    public async Task Issue9_AConfigPicamCannotRead_FailsClosed_SnapshotsNeedTheLoginThatCouldNotBeRead()
    {
        using var dir = new TempDirectory();
        File.SetUnixFileMode(dir.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var config = dir.Write("picam.env", $"VIEWER_USER=anna\nVIEWER_PASSWORD_HASH={PasswordHash.Create("pw-8a1", 10_000)}\n");
        File.SetUnixFileMode(config, UnixFileMode.None);
        await using var server = await LoginTests.StartAsync([], configFile: config, asNobody: true);
        using var client = server.CreateClient();

        foreach (var path in new[] { "current.jpg", "status", "stream.mjpg" })
        {
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"/{path}: {(int)response.StatusCode} {body}");
            Assert.Contains(config, body, StringComparison.Ordinal);
            Assert.Contains("cannot be read", body, StringComparison.Ordinal);
        }

        Assert.Equal("ok\n", await client.GetStringAsync("healthz"));
    }

    [Fact]
    public async Task Issue9_ThousandsOfUnknownKeys_KeepStatusSmall_AndSayHowManyMore()
    {
        using var dir = new TempDirectory();
        var text = new StringBuilder();
        for (var i = 0; i < 5_000; i++)
        {
            text.Append("NOT_A_KEY_").Append(i).Append("=1\n");
        }

        await using var server = await ServerProcess.StartAsync(configFile: dir.Write("picam.env", text.ToString()));
        using var client = server.CreateClient();

        var body = await client.GetStringAsync("status");
        var problems = JsonDocument.Parse(body).RootElement.GetProperty("config_problems").EnumerateArray().ToList();
        Assert.InRange(body.Length, 1, 32 * 1024);
        Assert.InRange(problems.Count, 2, 51);
        Assert.Contains("and 4,950 more problems", problems[^1].GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
