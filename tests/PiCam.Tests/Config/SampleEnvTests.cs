using System.Text.RegularExpressions;
using PiCam.Config;

namespace PiCam.Tests.Config;

/// <summary>sample.env is the user's reference: it must list every key, and a copy of it must be valid.</summary>
public sealed partial class SampleEnvTests
{
    private static string SampleEnv()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "sample.env");
            if (File.Exists(path))
            {
                return File.ReadAllText(path);
            }
        }

        throw new FileNotFoundException("sample.env not found above the test directory");
    }

    [Fact]
    public void SampleEnv_ListsEveryKeyCommentedOut()
    {
        var text = SampleEnv();
        var missing = RawSettings.KnownKeys.Concat(RawSettings.SystemKeys)
            .Where(key => !Regex.IsMatch(text, $"^#{key}=", RegexOptions.Multiline))
            .ToList();
        Assert.True(missing.Count == 0, $"sample.env lacks: {string.Join(", ", missing)}");
    }

    [Fact]
    public void SampleEnv_Uncommented_HasNoProblemsAndGivesTheDefaults()
    {
        var uncommented = CommentedSetting().Replace(SampleEnv(), "$1");
        var document = DotEnvParser.Parse(uncommented);
        Assert.Empty(document.Problems);

        var raw = new RawSettings();
        var reader = new SettingsReader();
        foreach (var entry in document.Entries)
        {
            Set(raw, entry.Key, entry.Value);
        }

        var settings = reader.Validate(raw, "sample.env");
        Assert.Empty(reader.Problems);
        Assert.Equal(8000, settings.Port);
        Assert.Equal("960x540", settings.Resolution);
    }

    private static void Set(RawSettings raw, string key, string value)
    {
        switch (key)
        {
            case "PORT": raw.Port = value; break;
            case "RESOLUTION": raw.Resolution = value; break;
            case "FRAMERATE": raw.Framerate = value; break;
            case "QUALITY": raw.Quality = value; break;
            case "MAX_CLIENTS": raw.MaxClients = value; break;
            case "IDLE_SECONDS": raw.IdleSeconds = value; break;
            case "STALL_SECONDS": raw.StallSeconds = value; break;
            case "HDR": raw.Hdr = value; break;
            case "BIND": raw.Bind = value; break;
            case "NAME": raw.Name = value; break;
        }
    }

    [GeneratedRegex(@"^#([A-Z_]+=)", RegexOptions.Multiline)]
    private static partial Regex CommentedSetting();
}
