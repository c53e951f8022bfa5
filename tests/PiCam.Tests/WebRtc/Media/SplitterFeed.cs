using System.Diagnostics;
using PiCam.WebRtc.Media;

namespace PiCam.Tests.WebRtc.Media;

/// <summary>What the splitter tests feed an <see cref="IAccessUnitSplitter"/>: a stream cut into chunks, or an encoder's real output.</summary>
internal static class SplitterFeed
{
    /// <summary>Appends <paramref name="stream"/> <paramref name="chunk"/> bytes at a time; every access unit published, with whether it is a keyframe.</summary>
    public static List<(byte[] Unit, bool Keyframe)> InChunks(IAccessUnitSplitter splitter, byte[] stream, int chunk)
    {
        var units = new List<(byte[] Unit, bool Keyframe)>();
        for (var i = 0; i < stream.Length; i += chunk)
        {
            splitter.Append(stream.AsSpan(i, Math.Min(chunk, stream.Length - i)), (unit, keyframe) => units.Add((unit, keyframe)));
        }

        return units;
    }

    /// <summary>What ffmpeg writes to its standard output when run with <paramref name="arguments"/>; the test fails if ffmpeg does.</summary>
    public static byte[] Ffmpeg(string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("ffmpeg", arguments) { RedirectStandardOutput = true })!;
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output.ToArray();
    }
}
