using PiCam.Config;
using Xunit;

namespace PiCam.Tests.Config;

public sealed class SettingsReaderTests : IDisposable
{
    private const string ConfigPath = "/etc/picam-test.env";

    private readonly string _existingFile = Path.GetTempFileName();

    public void Dispose() => File.Delete(_existingFile);

    private static RawSettings Raw(string key, string value)
    {
        var raw = new RawSettings();
        switch (key)
        {
            case "NAME": raw.Name = value; break;
            case "PORT": raw.Port = value; break;
            case "BIND": raw.Bind = value; break;
            case "RESOLUTION": raw.Resolution = value; break;
            case "FRAMERATE": raw.Framerate = value; break;
            case "QUALITY": raw.Quality = value; break;
            case "VIDEO_SOURCE": raw.VideoSource = value; break;
            case "KEYFILE": raw.KeyFile = value; break;
            case "CERTFILE": raw.CertFile = value; break;
            case "HDR": raw.Hdr = value; break;
            case "MAX_CLIENTS": raw.MaxClients = value; break;
            case "IDLE_SECONDS": raw.IdleSeconds = value; break;
            case "VERBOSE": raw.Verbose = value; break;
            default: throw new ArgumentException($"unknown key {key}", nameof(key));
        }

        return raw;
    }

    private static (PicamSettings Settings, IReadOnlyList<ConfigProblem> Problems) Validate(RawSettings raw)
    {
        var reader = new SettingsReader();
        var settings = reader.Validate(raw, ConfigPath);
        return (settings, reader.Problems);
    }

    private static PicamSettings Defaults => new() { ConfigPath = ConfigPath };

    [Theory]
    [InlineData("PORT", "abc")]
    [InlineData("PORT", "70000")]
    [InlineData("PORT", "-1")]
    [InlineData("PORT", "80.5")]
    [InlineData("RESOLUTION", "wide")]
    [InlineData("RESOLUTION", "10x10")]
    [InlineData("RESOLUTION", "1280x")]
    [InlineData("RESOLUTION", "1280x720x3")]
    [InlineData("RESOLUTION", "-1280x720")]
    [InlineData("RESOLUTION", "8192x4320")]
    [InlineData("FRAMERATE", "0")]
    [InlineData("FRAMERATE", "121")]
    [InlineData("FRAMERATE", "fast")]
    [InlineData("QUALITY", "101")]
    [InlineData("QUALITY", "0")]
    [InlineData("MAX_CLIENTS", "0")]
    [InlineData("MAX_CLIENTS", "many")]
    [InlineData("IDLE_SECONDS", "-1")]
    [InlineData("IDLE_SECONDS", "3601")]
    [InlineData("HDR", "maybe")]
    [InlineData("HDR", "2")]
    [InlineData("VERBOSE", "loud")]
    [InlineData("BIND", "not-an-ip")]
    [InlineData("BIND", "300.1.1.1")]
    [InlineData("VIDEO_SOURCE", "fiel:/x")]
    [InlineData("VIDEO_SOURCE", "file:/does/not/exist")]
    [InlineData("NAME", "\u0007bell")]
    public void Validate_InvalidValue_FallsBackToTheDefaultWithAProblemNamingTheKey(string key, string value)
    {
        var (settings, problems) = Validate(Raw(key, value));

        Assert.Equal(Defaults, settings);
        var problem = Assert.Single(problems);
        Assert.Equal(key, problem.Key);
        Assert.False(string.IsNullOrWhiteSpace(problem.Message));
    }

    [Fact]
    public void Validate_NameLongerThan64Characters_FallsBackToTheDefault()
    {
        var (settings, problems) = Validate(Raw("NAME", new string('n', 65)));

        Assert.Equal(PicamSettings.DefaultName, settings.Name);
        Assert.Equal("NAME", Assert.Single(problems).Key);
    }

    [Fact]
    public void Validate_InvalidPort_MessageQuotesTheValueAndTheFallback()
    {
        var (_, problems) = Validate(Raw("PORT", "abc"));

        var message = Assert.Single(problems).Message;
        Assert.Contains("'abc'", message, StringComparison.Ordinal);
        Assert.Contains("8000", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MisspelledVideoSourceKind_SuggestsFile()
    {
        var (settings, problems) = Validate(Raw("VIDEO_SOURCE", "fiel:/x"));

        Assert.Equal(VideoSourceSpec.Simulator, settings.VideoSource);
        var problem = Assert.Single(problems);
        Assert.Equal("VIDEO_SOURCE", problem.Key);
        Assert.Contains("did you mean 'file'?", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MisspelledSimulator_SuggestsSimulator()
    {
        var (_, problems) = Validate(Raw("VIDEO_SOURCE", "simulater"));

        Assert.Contains("did you mean 'simulator'?", Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnrelatedVideoSourceKind_HasNoSuggestion()
    {
        var (_, problems) = Validate(Raw("VIDEO_SOURCE", "rtsp://camera/stream"));

        Assert.DoesNotContain("did you mean", Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingVideoFile_ProblemNamesThePath()
    {
        var (_, problems) = Validate(Raw("VIDEO_SOURCE", "file:/does/not/exist"));

        Assert.Contains("/does/not/exist", Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("KEYFILE")]
    [InlineData("CERTFILE")]
    public void Validate_OnlyOneOfKeyFileAndCertFile_ServesHttpWithAProblem(string key)
    {
        var (settings, problems) = Validate(Raw(key, "/etc/picam/tls.pem"));

        Assert.Null(settings.KeyFile);
        Assert.Null(settings.CertFile);
        Assert.False(settings.TlsConfigured);
        var problem = Assert.Single(problems);
        Assert.Contains(problem.Key, new[] { "KEYFILE", "CERTFILE" });
        Assert.Contains("KEYFILE", problem.Message, StringComparison.Ordinal);
        Assert.Contains("CERTFILE", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BothKeyFileAndCertFile_AreTaken()
    {
        var raw = new RawSettings { KeyFile = " /k.pem ", CertFile = "/c.pem" };

        var (settings, problems) = Validate(raw);

        Assert.Empty(problems);
        Assert.Equal("/k.pem", settings.KeyFile);
        Assert.Equal("/c.pem", settings.CertFile);
        Assert.True(settings.TlsConfigured);
    }

    [Theory]
    [InlineData("1280x720", 1280, 720)]
    [InlineData("1280X720", 1280, 720)]
    [InlineData(" 640x480 ", 640, 480)]
    [InlineData("32x32", 32, 32)]
    [InlineData("4096x4096", 4096, 4096)]
    public void Validate_ValidResolution_SetsWidthAndHeight(string value, int width, int height)
    {
        var (settings, problems) = Validate(Raw("RESOLUTION", value));

        Assert.Empty(problems);
        Assert.Equal((width, height), (settings.Width, settings.Height));
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("YES", true)]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData("on", true)]
    [InlineData("no", false)]
    [InlineData("0", false)]
    [InlineData("off", false)]
    [InlineData("False", false)]
    public void Validate_BooleanSpellings_AreUnderstood(string value, bool expected)
    {
        var (settings, problems) = Validate(Raw("HDR", value));

        Assert.Empty(problems);
        Assert.Equal(expected, settings.Hdr);
    }

    [Theory]
    [InlineData("PORT", "1", 1)]
    [InlineData("PORT", "65535", 65535)]
    [InlineData("PORT", " 9001 ", 9001)]
    [InlineData("FRAMERATE", "120", 120)]
    [InlineData("QUALITY", "1", 1)]
    [InlineData("MAX_CLIENTS", "10000", 10000)]
    [InlineData("IDLE_SECONDS", "0", 0)]
    public void Validate_NumberAtTheEdgeOfItsRange_IsTaken(string key, string value, int expected)
    {
        var (settings, problems) = Validate(Raw(key, value));

        Assert.Empty(problems);
        var actual = key switch
        {
            "PORT" => settings.Port,
            "FRAMERATE" => settings.Framerate,
            "QUALITY" => settings.Quality,
            "MAX_CLIENTS" => settings.MaxClients,
            _ => settings.IdleSeconds,
        };
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("localhost")]
    [InlineData("*")]
    public void Validate_ValidBind_IsTaken(string value)
    {
        var (settings, problems) = Validate(Raw("BIND", value));

        Assert.Empty(problems);
        Assert.Equal(value, settings.Bind);
    }

    [Fact]
    public void Validate_VideoSourceFileThatExists_IsAFileSource()
    {
        var (settings, problems) = Validate(Raw("VIDEO_SOURCE", "file:" + _existingFile));

        Assert.Empty(problems);
        Assert.Equal(new VideoSourceSpec(VideoSourceKind.File, _existingFile), settings.VideoSource);
    }

    [Theory]
    [InlineData("simulator")]
    [InlineData("SIMULATOR")]
    [InlineData("")]
    public void Validate_VideoSourceSimulatorOrEmpty_IsTheSimulator(string value)
    {
        var (settings, problems) = Validate(Raw("VIDEO_SOURCE", value));

        Assert.Empty(problems);
        Assert.Equal(VideoSourceSpec.Simulator, settings.VideoSource);
    }

    [Fact]
    public void Validate_EmptyRawSettings_AreTheDefaultsWithNoProblems()
    {
        var (settings, problems) = Validate(new RawSettings());

        Assert.Empty(problems);
        Assert.Equal(Defaults, settings);
        Assert.Equal(ConfigPath, settings.ConfigPath);
    }

    [Fact]
    public void Validate_FullValidConfiguration_IsTakenWithZeroProblems()
    {
        var raw = new RawSettings
        {
            Name = " Porch ",
            Port = "8443",
            Bind = "0.0.0.0",
            Resolution = "1280x720",
            Framerate = "15",
            Quality = "90",
            VideoSource = "file:" + _existingFile,
            KeyFile = "/k.pem",
            CertFile = "/c.pem",
            Hdr = "yes",
            MaxClients = "3",
            IdleSeconds = "0",
            Verbose = "1",
        };

        var (settings, problems) = Validate(raw);

        Assert.Empty(problems);
        Assert.Equal(
            new PicamSettings
            {
                Name = "Porch",
                Port = 8443,
                Bind = "0.0.0.0",
                Width = 1280,
                Height = 720,
                Framerate = 15,
                Quality = 90,
                VideoSource = new VideoSourceSpec(VideoSourceKind.File, _existingFile),
                KeyFile = "/k.pem",
                CertFile = "/c.pem",
                Hdr = true,
                MaxClients = 3,
                IdleSeconds = 0,
                Verbose = true,
                ConfigPath = ConfigPath,
            },
            settings);
    }

    [Fact]
    public void Validate_SeveralInvalidValues_ReportsOneProblemEach()
    {
        var raw = new RawSettings { Port = "x", Quality = "x", Hdr = "x" };

        var (_, problems) = Validate(raw);

        Assert.Equal(["HDR", "PORT", "QUALITY"], problems.Select(p => p.Key).Order());
    }
}
