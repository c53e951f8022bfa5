using System.Diagnostics;
using PiCam.Platform;
using PiCam.Tests.Support;

namespace PiCam.Tests.Platform;

public sealed class RegularFileTests
{
    [Theory]
    [InlineData("/dev/zero", "NotRegular")]
    [InlineData("/dev/urandom", "NotRegular")]
    [InlineData("/tmp", "Directory")]
    [InlineData("/does/not/exist", "Missing")]
    [InlineData("/etc/hostname/below-a-file", "Missing")]
    public void TryRead_WhatIsNotARegularFile_IsRefusedWithoutReading(string path, string problemName)
    {
        var expected = Enum.Parse<FileProblem>(problemName);
        Assert.Null(RegularFile.TryRead(path, 1024, out var problem));
        Assert.Equal(expected, problem);
        Assert.Equal(expected, RegularFile.Check(path).Problem);
    }

    [Fact]
    public async Task TryRead_AFifoWithNoWriter_ReturnsAtOnceInsteadOfBlocking()
    {
        using var dir = new TempDirectory();
        var fifo = dir.File("key.pem");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        var read = Task.Run(() => (RegularFile.TryRead(fifo, 1024, out var problem), problem));
        var (bytes, why) = await read.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Null(bytes);
        Assert.Equal(FileProblem.NotRegular, why);
    }

    [Fact]
    public void TryRead_AFileOverTheCap_IsTooLarge()
    {
        using var dir = new TempDirectory();
        var path = dir.File("big.pem");
        using (var file = File.Create(path))
        {
            file.SetLength(50L << 20);
        }

        Assert.Null(RegularFile.TryRead(path, 1 << 20, out var problem));
        Assert.Equal(FileProblem.TooLarge, problem);
    }

    [Fact]
    public void TryRead_ASymlinkToASmallFile_ReadsItWhole()
    {
        using var dir = new TempDirectory();
        var target = dir.Write("fullchain.pem", "-----BEGIN CERTIFICATE-----\n");
        var link = dir.File("live.pem");
        File.CreateSymbolicLink(link, target);

        Assert.Equal("-----BEGIN CERTIFICATE-----\n"u8.ToArray(), RegularFile.TryRead(link, 1024, out var problem));
        Assert.Equal(FileProblem.None, problem);
        Assert.Equal((FileProblem.None, 28L), RegularFile.Check(link));
    }
}
