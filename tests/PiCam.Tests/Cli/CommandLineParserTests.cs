using PiCam.Cli;
using Xunit;

namespace PiCam.Tests.Cli;

public sealed class CommandLineParserTests
{
    [Fact]
    public void Parse_NoArguments_AsksForNothing()
    {
        var options = CommandLineParser.Parse([]);

        Assert.Null(options.Error);
        Assert.Null(options.ConfigPath);
        Assert.False(options.ShowHelp);
        Assert.False(options.ShowVersion);
        Assert.False(options.Verbose);
        Assert.Empty(options.Overrides);
    }

    [Fact]
    public void Parse_ValueFlags_MapToConfigurationOverrides()
    {
        var options = CommandLineParser.Parse(["--port", "9001", "--video-source", "file:/tmp/a.mjpg", "--name", "Front door"]);

        Assert.Null(options.Error);
        Assert.Equal(3, options.Overrides.Count);
        Assert.Equal("9001", options.Overrides["PORT"]);
        Assert.Equal("file:/tmp/a.mjpg", options.Overrides["VIDEO_SOURCE"]);
        Assert.Equal("Front door", options.Overrides["NAME"]);
    }

    [Fact]
    public void Parse_InlineValue_IsTakenAfterTheFirstEquals()
    {
        var options = CommandLineParser.Parse(["--port=9001", "--video-source=file:/tmp/a=b.mjpg"]);

        Assert.Null(options.Error);
        Assert.Equal("9001", options.Overrides["PORT"]);
        Assert.Equal("file:/tmp/a=b.mjpg", options.Overrides["VIDEO_SOURCE"]);
    }

    [Fact]
    public void Parse_InlineEmptyValue_IsAnEmptyOverride()
    {
        var options = CommandLineParser.Parse(["--name="]);

        Assert.Null(options.Error);
        Assert.Equal("", options.Overrides["NAME"]);
    }

    [Fact]
    public void Parse_RepeatedFlag_LastWins()
    {
        var options = CommandLineParser.Parse(["--port", "9001", "--port=9002"]);

        Assert.Equal("9002", options.Overrides["PORT"]);
    }

    [Theory]
    [InlineData("--config", "/etc/picam.env")]
    [InlineData("--config=/etc/picam.env", null)]
    public void Parse_Config_SetsTheConfigPathNotAnOverride(string first, string? second)
    {
        string[] args = second is null ? [first] : [first, second];

        var options = CommandLineParser.Parse(args);

        Assert.Null(options.Error);
        Assert.Equal("/etc/picam.env", options.ConfigPath);
        Assert.Empty(options.Overrides);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Parse_Help_SetsShowHelp(string flag)
    {
        var options = CommandLineParser.Parse([flag]);

        Assert.Null(options.Error);
        Assert.True(options.ShowHelp);
        Assert.False(options.ShowVersion);
    }

    [Fact]
    public void Parse_Version_SetsShowVersion()
    {
        var options = CommandLineParser.Parse(["--version"]);

        Assert.Null(options.Error);
        Assert.True(options.ShowVersion);
        Assert.False(options.ShowHelp);
    }

    [Theory]
    [InlineData("--verbose")]
    [InlineData("-v")]
    public void Parse_Verbose_SetsVerbose(string flag)
    {
        var options = CommandLineParser.Parse(["--port", "1", flag]);

        Assert.Null(options.Error);
        Assert.True(options.Verbose);
        Assert.Equal("1", options.Overrides["PORT"]);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--bogus=1")]
    [InlineData("-x")]
    [InlineData("stray")]
    [InlineData("--PORT")]
    public void Parse_UnknownOption_SetsErrorNamingIt(string arg)
    {
        var options = CommandLineParser.Parse(["--verbose", arg]);

        Assert.NotNull(options.Error);
        Assert.Contains(arg, options.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--port")]
    [InlineData("--name")]
    [InlineData("--video-source")]
    [InlineData("--config")]
    public void Parse_MissingValueAtTheEnd_SetsError(string flag)
    {
        var options = CommandLineParser.Parse([flag]);

        Assert.NotNull(options.Error);
        Assert.Contains(flag, options.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ValueFlagFollowedByAnotherFlag_SetsErrorInsteadOfTakingTheFlagAsItsValue()
    {
        var options = CommandLineParser.Parse(["--port", "--verbose"]);

        Assert.NotNull(options.Error);
        Assert.Contains("--port", options.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("PORT", options.Overrides.Keys);
    }

    [Fact]
    public void Overrides_Lookup_IsCaseInsensitive()
    {
        var options = CommandLineParser.Parse(["--port", "9001"]);

        Assert.Equal("9001", options.Overrides["port"]);
    }

    [Fact]
    public void Usage_MentionsEveryFlagTheParserAccepts()
    {
        foreach (var flag in new[] { "--config", "--port", "--video-source", "--name", "--verbose", "--version", "--help" })
        {
            Assert.Contains(flag, CommandLineParser.Usage, StringComparison.Ordinal);
            Assert.Null(CommandLineParser.Parse(flag is "--verbose" or "--version" or "--help" ? [flag] : [flag, "x"]).Error);
        }
    }
}
