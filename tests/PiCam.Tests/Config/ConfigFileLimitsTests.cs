using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PiCam.Cli;
using PiCam.Config;
using PiCam.Http.Auth;
using Xunit;

namespace PiCam.Tests.Config;

/// <summary>
/// Issue 9, defects 8, 14 and the <c>--config</c> part of 5: a configuration file that cannot be read fails
/// closed for the login, and a hostile one (special files, huge files, thousands of bad keys, huge key names)
/// costs bounded time and memory and yields a bounded, English list of problems.
/// </summary>
public sealed class ConfigFileLimitsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("picam-limits-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string NoBootFile => Path.Combine(_directory, "no-boot.env");

    private string NoSystemProblems => Path.Combine(_directory, "no-system-problems");

    [Fact]
    public void Issue9_AConfigThatIsADirectory_FailsClosedForTheLogin_WithAProblemThatSaysSo()
    {
        var (settings, problems) = Load(_directory);

        var problem = Assert.Single(problems);
        Assert.Equal("config", problem.Key);
        Assert.Contains("directory", problem.Message, StringComparison.Ordinal);
        Assert.Equal(LoginMode.Misconfigured, LoginFor(settings).Mode);
        Assert.Contains(_directory, LoginFor(settings).Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Issue9_ABigFile_IsNotReadWhole_AndFailsClosedForTheLogin()
    {
        var path = Path.Combine(_directory, "big.env");
        using (var file = File.Create(path))
        {
            file.SetLength(50L * 1024 * 1024);
        }

        var (settings, problems, allocated, elapsed) = Measure(path);

        var problem = Assert.Single(problems);
        Assert.Contains("larger than", problem.Message, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, 8L * 1024 * 1024);
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Equal(LoginMode.Misconfigured, LoginFor(settings).Mode);
    }

    [Fact]
    public async Task Issue9_AFifo_DoesNotBlockTheStart()
    {
        var fifo = Path.Combine(_directory, "picam.env");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var load = Task.Factory.StartNew(() => Load(fifo), TaskCreationOptions.LongRunning);
        var finished = await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(10)));

        Assert.True(finished == load, "loading a FIFO as the configuration blocked");
        var (settings, problems) = await load;
        Assert.Contains("not a regular file", Assert.Single(problems).Message, StringComparison.Ordinal);
        Assert.Equal(LoginMode.Misconfigured, LoginFor(settings).Mode);
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    public void Issue9_AnEndlessDevice_IsNotRead(string device)
    {
        var (settings, problems, allocated, elapsed) = Measure(device);

        var problem = Assert.Single(problems);
        Assert.Contains(device, problem.Message, StringComparison.Ordinal);
        Assert.Contains("not a regular file", problem.Message, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, 8L * 1024 * 1024);
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Equal(LoginMode.Misconfigured, LoginFor(settings).Mode);
    }

    [Fact]
    public void DevNull_IsAnEmptyConfiguration_NotAProblem()
    {
        var (settings, problems) = Load("/dev/null");

        Assert.Empty(problems);
        Assert.Equal(LoginMode.Off, LoginFor(settings).Mode);
    }

    [Fact]
    public void Issue9_ThousandsOfUnknownKeys_GiveABoundedListEndingInHowManyMore()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            text.Append("UNKNOWN_").Append(i).Append("=1\n");
        }

        var path = Path.Combine(_directory, "many.env");
        File.WriteAllText(path, text.ToString());

        var (_, problems, _, elapsed) = Measure(path);

        Assert.InRange(problems.Count, 2, ConfigLoader.MaxListedProblems + 1);
        Assert.Contains("and 9,950 more problems", problems[^1].Message, StringComparison.Ordinal);
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Issue9_AHugeKeyName_IsShortenedWithAnEllipsis()
    {
        var key = "K" + new string('E', 100_000);
        var path = Path.Combine(_directory, "long-key.env");
        File.WriteAllText(path, key + "=1\n");

        var (_, problems, _, elapsed) = Measure(path);

        var problem = Assert.Single(problems);
        Assert.InRange(problem.ToString().Length, 10, 200);
        Assert.EndsWith("…", problem.Key, StringComparison.Ordinal);
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("PORT")]
    [InlineData("RESOLUTION")]
    [InlineData("VIDEO_SOURCE")]
    [InlineData("CERTBOT_EMAIL")]
    [InlineData("PEERS")]
    public void Issue9_AHugeBadValue_IsQuotedShortenedWithAnEllipsis(string key)
    {
        var path = Path.Combine(_directory, "long-value.env");
        File.WriteAllText(path, $"{key}=x{new string('9', 50_000)}\n");

        var (_, problems) = Load(path);

        var problem = Assert.Single(problems);
        Assert.InRange(problem.Message.Length, 10, 300);
        Assert.Contains("…'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AHugeBootTimeProblemList_IsOneProblemSayingWhereToLook()
    {
        var path = Path.Combine(_directory, "config-problems");
        File.WriteAllText(path, string.Concat(Enumerable.Repeat("TIMEZONE: 'Mars/Base' is not a known time zone\n", 100_000)));

        var problem = Assert.Single(ConfigLoader.SystemProblems(path));

        Assert.Contains("journalctl -u picam-config", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BootTimeProblems_AreCappedInNumberAndLength_AndMadePrintable()
    {
        var path = Path.Combine(_directory, "config-problems");
        File.WriteAllText(path, string.Concat(Enumerable.Repeat($"TIME\u202EZONE: {new string('x', 1000)}\n", 60)));

        var problems = ConfigLoader.SystemProblems(path).ToList();

        Assert.Equal(ConfigLoader.MaxListedProblems, problems.Count);
        Assert.All(problems, p => Assert.Equal("TIME?ZONE", p.Key));
        Assert.All(problems, p => Assert.InRange(p.Message.Length, 1, ConfigLoader.MaxMessage + 1));
    }

    private (PicamSettings Settings, IReadOnlyList<ConfigProblem> Problems) Load(string path) =>
        ConfigLoader.Load(CommandLineParser.Parse(["--config", path]), _ => null, NoBootFile, NoSystemProblems);

    /// <summary>Loads on this thread, so the bytes it allocates can be counted.</summary>
    private (PicamSettings Settings, IReadOnlyList<ConfigProblem> Problems, long Allocated, TimeSpan Elapsed) Measure(string path)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var (settings, problems) = Load(path);
        return (settings, problems, GC.GetAllocatedBytesForCurrentThread() - before, clock.Elapsed);
    }

    private static ViewerLogin LoginFor(PicamSettings settings) =>
        new(settings, new ConfigProblems([], NullLogger<ConfigProblems>.Instance), TimeProvider.System, NullLogger<ViewerLogin>.Instance);
}
