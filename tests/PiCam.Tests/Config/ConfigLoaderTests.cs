using PiCam.Cli;
using PiCam.Config;
using Xunit;

namespace PiCam.Tests.Config;

public sealed class ConfigLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("picam-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string NoBootFile => Path.Combine(_directory, "no-boot.env");

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static Func<string, string?> Environment(Dictionary<string, string> variables) =>
        key => variables.TryGetValue(key, out var value) ? value : null;

    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Load_EachLayer_OverridesTheOneBelow()
    {
        var file = WriteFile("picam.env", "PORT=8001\nNAME=FromFile\nQUALITY=50\nFRAMERATE=20\n");
        var environment = Environment(new() { ["PORT"] = "8002", ["NAME"] = "FromEnv", ["QUALITY"] = "60" });
        var options = CommandLineParser.Parse(["--config", file, "--port", "9001"]);

        var (settings, problems) = ConfigLoader.Load(options, environment, NoBootFile);

        Assert.Empty(problems);
        Assert.Equal(9001, settings.Port); // flag > environment > file
        Assert.Equal("FromEnv", settings.Name); // environment > file
        Assert.Equal(60, settings.Quality); // environment > file
        Assert.Equal(20, settings.Framerate); // file > default
        Assert.Equal(960, settings.Width); // default
        Assert.Equal(file, settings.ConfigPath);
    }

    [Fact]
    public void Load_NoFileNoEnvironmentNoFlags_GivesTheDefaults()
    {
        var options = CommandLineParser.Parse(["--config", WriteFile("empty.env", "")]);

        var (settings, problems) = ConfigLoader.Load(options, NoEnvironment, NoBootFile);

        Assert.Empty(problems);
        Assert.Equal(new PicamSettings { ConfigPath = settings.ConfigPath }, settings);
    }

    [Fact]
    public void Load_EnvironmentVariableNotKnownToTheAppliance_IsIgnored()
    {
        var options = CommandLineParser.Parse(["--config", WriteFile("empty.env", "")]);
        var asked = new List<string>();
        string? Lookup(string key)
        {
            asked.Add(key);
            return key == "PATH" ? "/usr/bin" : null;
        }

        var (_, problems) = ConfigLoader.Load(options, Lookup, NoBootFile);

        Assert.Empty(problems);
        Assert.DoesNotContain("PATH", asked);
        Assert.Contains("PORT", asked);
    }

    [Fact]
    public void Load_InvalidEnvironmentValue_FallsBackToTheDefaultNotTheFileWithAProblem()
    {
        var file = WriteFile("picam.env", "PORT=8001\n");
        var options = CommandLineParser.Parse(["--config", file]);

        var (settings, problems) = ConfigLoader.Load(options, Environment(new() { ["PORT"] = "nope" }), NoBootFile);

        Assert.Equal(PicamSettings.DefaultPort, settings.Port);
        Assert.Equal("PORT", Assert.Single(problems).Key);
    }

    [Fact]
    public void Load_PicamConfigEnvironmentVariable_NamesTheFile()
    {
        var file = WriteFile("from-env.env", "NAME=Garage\n");

        var (settings, problems) = ConfigLoader.Load(
            CommandLineParser.Parse([]), Environment(new() { ["PICAM_CONFIG"] = file }), NoBootFile);

        Assert.Empty(problems);
        Assert.Equal("Garage", settings.Name);
        Assert.Equal(file, settings.ConfigPath);
    }

    [Fact]
    public void Load_BootFileThatExists_IsReadWhenNothingElseNamesAFile()
    {
        var boot = WriteFile("boot.env", "NAME=Boot\n");

        var (settings, problems) = ConfigLoader.Load(CommandLineParser.Parse([]), NoEnvironment, boot);

        Assert.Empty(problems);
        Assert.Equal("Boot", settings.Name);
    }

    [Fact]
    public void Load_UnknownKeyCloseToAKnownOne_IsAProblemWithASuggestion()
    {
        var file = WriteFile("picam.env", "NAME=cam\nPROT=9000\n");

        var (settings, problems) = ConfigLoader.Load(CommandLineParser.Parse(["--config", file]), NoEnvironment, NoBootFile);

        Assert.Equal(PicamSettings.DefaultPort, settings.Port);
        var problem = Assert.Single(problems);
        Assert.Equal("PROT", problem.Key);
        Assert.Contains("line 2", problem.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean PORT?", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownKeyWithOneLetterMissing_SuggestsTheKnownKey()
    {
        var file = WriteFile("picam.env", "FRAMRATE=10\n");

        var (settings, problems) = ConfigLoader.Load(CommandLineParser.Parse(["--config", file]), NoEnvironment, NoBootFile);

        Assert.Equal(30, settings.Framerate);
        Assert.Contains("did you mean FRAMERATE?", Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownKeyFarFromEveryKnownOne_IsAProblemWithoutASuggestion()
    {
        var file = WriteFile("picam.env", "WIBBLE_WOBBLE=1\n");

        var (_, problems) = ConfigLoader.Load(CommandLineParser.Parse(["--config", file]), NoEnvironment, NoBootFile);

        var problem = Assert.Single(problems);
        Assert.Equal("WIBBLE_WOBBLE", problem.Key);
        Assert.Contains("unknown key on line 1", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("did you mean", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ProblemsFromParsingAndValidating_AreAllReported()
    {
        var file = WriteFile("picam.env", "not a setting\nPORT=1\nPORT=abc\n");

        var (settings, problems) = ConfigLoader.Load(CommandLineParser.Parse(["--config", file]), NoEnvironment, NoBootFile);

        Assert.Equal(PicamSettings.DefaultPort, settings.Port);
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Key == "line 1");
        Assert.Contains(problems, p => p.Key == "PORT" && p.Message.Contains("line 3", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Key == "PORT" && p.Message.Contains("'abc'", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ConfigFlagNamingAMissingFile_IsAProblemAndTheDefaultsAreUsed()
    {
        var missing = Path.Combine(_directory, "missing.env");

        var (settings, problems) = ConfigLoader.Load(CommandLineParser.Parse(["--config", missing]), NoEnvironment, NoBootFile);

        var problem = Assert.Single(problems);
        Assert.Equal("config", problem.Key);
        Assert.Contains(missing, problem.Message, StringComparison.Ordinal);
        Assert.Equal(new PicamSettings { ConfigPath = missing }, settings);
    }

    [Fact]
    public void Load_ConfigFlagNamingAFileInAMissingDirectory_IsAProblemNotAnException()
    {
        var missing = Path.Combine(_directory, "nowhere", "picam.env");

        var (settings, problems) = ConfigLoader.Load(CommandLineParser.Parse(["--config", missing]), NoEnvironment, NoBootFile);

        Assert.Equal("config", Assert.Single(problems).Key);
        Assert.Equal(PicamSettings.DefaultPort, settings.Port);
    }

    [Fact]
    public void Load_ConfigFlagNamingADirectory_IsAProblemNotAnException()
    {
        var (settings, problems) = ConfigLoader.Load(CommandLineParser.Parse(["--config", _directory]), NoEnvironment, NoBootFile);

        Assert.Equal("config", Assert.Single(problems).Key);
        Assert.Equal(PicamSettings.DefaultPort, settings.Port);
    }

    [Fact]
    public void Load_ConfigFileMissingButFlagsGiven_FlagsStillApply()
    {
        var missing = Path.Combine(_directory, "missing.env");

        var (settings, problems) = ConfigLoader.Load(
            CommandLineParser.Parse(["--config", missing, "--port", "9001"]), NoEnvironment, NoBootFile);

        Assert.Single(problems);
        Assert.Equal(9001, settings.Port);
    }

    [Fact]
    public void Load_VerboseFlag_TurnsVerboseOnOverTheFile()
    {
        var file = WriteFile("picam.env", "VERBOSE=0\n");

        var (settings, _) = ConfigLoader.Load(CommandLineParser.Parse(["--config", file, "--verbose"]), NoEnvironment, NoBootFile);

        Assert.True(settings.Verbose);
    }

    [Fact]
    public void ResolvePath_Flag_WinsOverTheEnvironmentAndTheBootFile()
    {
        var boot = WriteFile("boot.env", "");

        Assert.Equal(("flag.env", true), ConfigLoader.ResolvePath("flag.env", "env.env", boot));
    }

    [Fact]
    public void ResolvePath_EnvironmentPath_WinsOverAnExistingBootFile()
    {
        var boot = WriteFile("boot.env", "");

        Assert.Equal(("env.env", true), ConfigLoader.ResolvePath(null, "env.env", boot));
    }

    [Fact]
    public void ResolvePath_BootFileThatExists_IsRequired()
    {
        var boot = WriteFile("boot.env", "");

        Assert.Equal((boot, true), ConfigLoader.ResolvePath(null, null, boot));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "")]
    public void ResolvePath_NothingNamedAndNoBootFile_IsDotEnvNotRequired(string? flag, string? environment)
    {
        Assert.Equal((".env", false), ConfigLoader.ResolvePath(flag, environment, NoBootFile));
    }

    [Fact]
    public void Load_OperatingSystemKeysInTheFile_AreNotUnknownKeys()
    {
        var file = Path.Combine(_directory, "os.env");
        File.WriteAllText(file, "HOSTNAME=porch\nWIFI_SSID=Home\nWIFI_PASSWORD=secret123\nWIFI_COUNTRY=GB\nSSH_AUTHORIZED_KEY=ssh-ed25519 AAAA x\nTIMEZONE=Europe/London\nREADONLY=1\nWIFI_PASWORD=typo\n");

        var (_, problems) = ConfigLoader.Load(CommandLineParser.Parse(["--config", file]), NoEnvironment, NoBootFile, Path.Combine(_directory, "none"));

        var problem = Assert.Single(problems);
        Assert.Equal("WIFI_PASWORD", problem.Key);
        Assert.Contains("did you mean WIFI_PASSWORD?", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BootTimeApplierLeftProblems_TheyJoinTheList()
    {
        var systemProblems = Path.Combine(_directory, "config-problems");
        File.WriteAllText(systemProblems, "TIMEZONE: 'Mars/Base' is not a known time zone; using Etc/UTC\n\nsomething odd\n");

        var (_, problems) = ConfigLoader.Load(CommandLineParser.Parse([]), NoEnvironment, NoBootFile, systemProblems);

        Assert.Contains(new ConfigProblem("TIMEZONE", "'Mars/Base' is not a known time zone; using Etc/UTC"), problems);
        Assert.Contains(new ConfigProblem("system", "something odd"), problems);
    }
}
