using System.Globalization;
using PiCam.Platform;
using Xunit;

namespace PiCam.Tests.Platform;

public sealed class SystemFactsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("picam-root-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private SystemFacts Facts => new(_root);

    [Theory]
    [InlineData("48234\n", 48.2)]
    [InlineData("48260", 48.3)]
    [InlineData("0", 0.0)]
    [InlineData("-5000\n", -5.0)]
    [InlineData("85000", 85.0)]
    public void CpuTemperatureCelsius_ThermalZone0Millidegrees_IsDegreesToOneDecimal(string text, double expected)
    {
        Write("sys/class/thermal/thermal_zone0/temp", text);

        Assert.Equal(expected, Facts.CpuTemperatureCelsius());
    }

    [Fact]
    public void CpuTemperatureCelsius_NoThermalZone_IsNull()
    {
        Assert.Null(Facts.CpuTemperatureCelsius());
    }

    [Theory]
    [InlineData("")]
    [InlineData("hot")]
    public void CpuTemperatureCelsius_Unreadable_IsNull(string text)
    {
        Write("sys/class/thermal/thermal_zone0/temp", text);

        Assert.Null(Facts.CpuTemperatureCelsius());
    }

    [Fact]
    public void LoadAverage_ProcLoadavg_IsTheThreeAverages()
    {
        Write("proc/loadavg", "0.52 1.05 12.00 2/345 6789\n");

        Assert.Equal([0.52, 1.05, 12.0], Facts.LoadAverage());
    }

    [Fact]
    public void LoadAverage_Missing_IsNull()
    {
        Assert.Null(Facts.LoadAverage());
    }

    [Theory]
    [InlineData("0.52 1.05")]
    [InlineData("a b c d e")]
    [InlineData("")]
    public void LoadAverage_Malformed_IsNull(string text)
    {
        Write("proc/loadavg", text);

        Assert.Null(Facts.LoadAverage());
    }

    [Fact]
    public void Memory_ProcMeminfo_IsTotalAndAvailableInBytes()
    {
        Write("proc/meminfo", """
            MemTotal:        3884360 kB
            MemFree:          123456 kB
            MemAvailable:    2500000 kB
            Buffers:           65432 kB
            """);

        Assert.Equal((3884360L * 1024, 2500000L * 1024), Facts.Memory());
    }

    [Fact]
    public void Memory_NoMemAvailableLine_IsTotalOnly()
    {
        Write("proc/meminfo", "MemTotal:  1000 kB\nMemFree:  10 kB\n");

        Assert.Equal((1000L * 1024, (long?)null), Facts.Memory());
    }

    [Fact]
    public void Memory_Missing_IsNullAndNull()
    {
        Assert.Equal(((long?)null, (long?)null), Facts.Memory());
    }

    [Fact]
    public void Memory_RealProcMeminfo_IsPlausible()
    {
        var (total, available) = new SystemFacts().Memory();

        Assert.NotNull(total);
        Assert.NotNull(available);
        Assert.InRange(available!.Value, 1, total!.Value);
    }

    [Fact]
    public void DiskFreeBytes_Root_IsPositiveAndMatchesWhatStatSays()
    {
        var free = new SystemFacts(_root, "/").DiskFreeBytes();

        // coreutils' own statvfs: available blocks times the fundamental block size.
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-f", "-c", "%a %S", "/"]) { RedirectStandardOutput = true })!;
        var fields = stat.StandardOutput.ReadToEnd().Split(' ', StringSplitOptions.TrimEntries);
        stat.WaitForExit();
        var expected = long.Parse(fields[0], CultureInfo.InvariantCulture) * long.Parse(fields[1], CultureInfo.InvariantCulture);

        Assert.NotNull(free);
        Assert.True(free > 0, $"free bytes {free}");
        Assert.InRange(free!.Value, expected - (1L << 30), expected + (1L << 30)); // others may be writing meanwhile
    }

    [Fact]
    public void DiskFreeBytes_DirectoryThatIsNotAMountPoint_IsItsFileSystemsFreeSpace()
    {
        var free = new SystemFacts(_root, _root).DiskFreeBytes();

        Assert.NotNull(free);
        Assert.True(free > 0, $"free bytes {free}");
    }

    [Fact]
    public void DiskFreeBytes_MissingPath_IsNull()
    {
        Assert.Null(new SystemFacts(_root, Path.Combine(_root, "no", "such", "dir")).DiskFreeBytes());
    }

    [Fact]
    public void ProcessRssBytes_IsPositive()
    {
        Assert.True(SystemFacts.ProcessRssBytes() > 0);
    }
}
