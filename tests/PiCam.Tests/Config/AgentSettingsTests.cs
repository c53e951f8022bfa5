using PiCam.Cli;
using PiCam.Config;

namespace PiCam.Tests.Config;

public sealed class AgentSettingsTests
{
    [Fact]
    public void Validate_AgentKeys_AreTaken()
    {
        var (settings, problems) = Validate(new RawSettings
        {
            BackendUrl = "wss://backend.example.org/ws/device",
            DeviceId = "kitchen-cam-001",
            DeviceToken = "t0ken",
            BackendCaFile = "/etc/picam/ca.pem",
            DataDir = "/srv/picam",
        });
        Assert.Empty(problems);
        Assert.Equal(new Uri("wss://backend.example.org/ws/device"), settings.BackendUrl);
        Assert.Equal("kitchen-cam-001", settings.DeviceId);
        Assert.Equal("t0ken", settings.DeviceToken);
        Assert.Equal("/etc/picam/ca.pem", settings.BackendCaFile);
        Assert.Equal("/srv/picam", settings.DataDir);
    }

    [Theory]
    [InlineData("http://backend.example.org/ws/device")]
    [InlineData("ws://backend.example.org/somewhere")]
    [InlineData("backend.example.org")]
    [InlineData("ws://user:pw@backend.example.org/ws/device")]
    public void Validate_BackendUrlThatIsNotADeviceSocket_LeavesTheAgentOffWithAProblem(string url)
    {
        var (settings, problems) = Validate(new RawSettings { BackendUrl = url });
        Assert.Null(settings.BackendUrl);
        var problem = Assert.Single(problems);
        Assert.Equal("BACKEND_URL", problem.Key);
        Assert.Contains("the agent stays off", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw@", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadDeviceIdAndToken_FallBackAndTheTokenIsNeverQuoted()
    {
        var token = "secret\u0001" + new string('s', 10);
        var (settings, problems) = Validate(new RawSettings { DeviceId = "../../etc/passwd", DeviceToken = token });
        Assert.Null(settings.DeviceId);
        Assert.Null(settings.DeviceToken);
        Assert.Equal(["DEVICE_ID", "DEVICE_TOKEN"], problems.Select(p => p.Key));
        Assert.DoesNotContain(problems, p => p.Message.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public void DeviceToken_IsASecretKey()
    {
        Assert.Contains("DEVICE_TOKEN", RawSettings.SecretKeys);
        Assert.Contains("BACKEND_URL", RawSettings.KnownKeys);
    }

    [Theory]
    [InlineData("fake", "simulator")]
    [InlineData("camera", "picamera")]
    [InlineData("webcam", "webcam")]
    public void Validate_TheAgentsVideoSourceNames_AreUnderstood(string name, string kind)
    {
        var (settings, problems) = Validate(new RawSettings { VideoSource = name });
        Assert.Empty(problems);
        Assert.Equal(kind, settings.VideoSource.KindName);
    }

    [Fact]
    public void Validate_PortZero_IsAllowedSoTheSystemChoosesOne()
    {
        var (settings, problems) = Validate(new RawSettings { Port = "0" });
        Assert.Empty(problems);
        Assert.Equal(0, settings.Port);
    }

    [Fact]
    public void Parse_AgentFlags_SetTheirKeysAndWinOverTheEnvironment()
    {
        var options = CommandLineParser.Parse(["--backend", "ws://127.0.0.1:9/ws/device", "--device-id=cam-007", "--video-source", "fake", "--verbose"]);
        Assert.Null(options.Error);
        Assert.Equal("ws://127.0.0.1:9/ws/device", options.Overrides["BACKEND_URL"]);
        Assert.Equal("cam-007", options.Overrides["DEVICE_ID"]);
        Assert.True(options.Verbose);
        var environment = new Dictionary<string, string> { ["DEVICE_ID"] = "from-env", ["DEVICE_TOKEN"] = "env-token" };
        var (settings, _) = ConfigLoader.Load(options, key => environment.GetValueOrDefault(key), bootConfigPath: "/nonexistent", systemProblemsFile: "/nonexistent");
        Assert.Equal("cam-007", settings.DeviceId);
        Assert.Equal("env-token", settings.DeviceToken);
        Assert.Equal(VideoSourceKind.Simulator, settings.VideoSource.Kind);
    }

    private static (PicamSettings Settings, IReadOnlyList<ConfigProblem> Problems) Validate(RawSettings raw)
    {
        var reader = new SettingsReader();
        var settings = reader.Validate(raw, "/etc/picam-test.env");
        return (settings, reader.Problems);
    }
}
