using System.Diagnostics;
using PiCam.Tests.Support;
using PiCam.WebRtc.Rtp.H264;

namespace PiCam.Tests.WebRtc.Rtp;

/// <summary>
/// A real encoder's stream: libx264 constrained baseline with access unit delimiters, split at the
/// delimiters, packetized at 1200 bytes, reassembled, and decoded again by ffprobe: every frame comes back.
/// </summary>
public sealed class H264RealStreamTests
{
    private const int Frames = 30;

    [Fact]
    public async Task X264Stream_PacketizedAndReassembled_StillDecodesEveryFrame()
    {
        using var directory = new TempDirectory();
        var source = Path.Combine(directory.Path, "source.h264");
        var rebuilt = Path.Combine(directory.Path, "rebuilt.h264");
        await Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=640x360:rate=30",
            "-frames:v", $"{Frames}", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-profile:v", "baseline", "-preset", "ultrafast",
            "-tune", "zerolatency", "-bf", "0", "-g", "10", "-x264-params", "aud=1", "-f", "h264", source);
        var stream = await File.ReadAllBytesAsync(source);

        var packetizer = new H264Packetizer(0x1234, 102, 40_000);
        var depacketizer = new H264Depacketizer();
        var output = new MemoryStream();
        var units = 0;
        uint timestamp = 0;
        foreach (var accessUnit in SplitAtDelimiters(stream))
        {
            packetizer.Packetize(accessUnit, timestamp += 3000, (buffer, length) =>
            {
                Assert.True(length <= H264Packetizer.DefaultMtu);
                if (depacketizer.TryPush(buffer[..length], out var unit))
                {
                    output.Write(unit);
                    units++;
                }
            });
        }

        await File.WriteAllBytesAsync(rebuilt, output.ToArray());
        Assert.Equal(Frames, units);
        Assert.Equal(0, depacketizer.UnitsDropped + depacketizer.PacketsLost + depacketizer.PacketsRejected);
        var counted = await Run("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
            "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", rebuilt);
        Assert.Equal($"{Frames}", counted.Trim());
    }

    /// <summary>Access units start at each delimiter (NAL type 9), which x264 writes with aud=1.</summary>
    private static List<byte[]> SplitAtDelimiters(byte[] stream)
    {
        var starts = new List<int>();
        var units = new AnnexBNalUnits(stream);
        while (units.MoveNext())
        {
            if ((units.Current[0] & 0x1F) == H264NalType.AccessUnitDelimiter)
            {
                starts.Add(units.CurrentStart);
            }
        }

        Assert.Equal(Frames, starts.Count);
        starts.Add(stream.Length + 3);
        return starts.Zip(starts.Skip(1), (a, b) => stream[(a - 3)..(b - 3)]).ToList();
    }

    private static async Task<string> Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{file} failed: {await stderr}");
        return await stdout;
    }
}
