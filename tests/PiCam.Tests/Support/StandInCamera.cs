using System.Globalization;

namespace PiCam.Tests.Support;

/// <summary>
/// A stand-in for <c>rpicam-vid</c> on <c>PATH</c>: a shell script that records each start (time and
/// arguments), answers <c>--list-cameras</c> from a file, and then streams real MJPEG from ffmpeg (or, with
/// <c>--codec h264</c>, constrained baseline H.264 with SPS/PPS before each IDR and no delimiters, as
/// rpicam-vid writes it, refusing to start without <c>--inline</c> and <c>--flush</c>), exits with an error,
/// or sends one frame and hangs, as the test cues it. The CSI camera is the one piece of
/// hardware we cannot have; everything past this script is the real path.
/// </summary>
public sealed class StandInCamera : IDisposable
{
    private const string Script = """
        #!/bin/bash
        dir="$(cd "$(dirname "$0")" && pwd)"
        if [ "$1" = "--list-cameras" ]; then
          cat "$dir/cameras.txt" 2>/dev/null || echo "No cameras available!"
          exit 0
        fi
        echo "$(date +%s.%N) $$ $*" >> "$dir/starts.log"
        width=640; height=480; rate=15; codec=mjpeg; inline=0; flush=0; intra=0
        while [ $# -gt 0 ]; do
          case "$1" in
            --width) width=$2; shift ;;
            --height) height=$2; shift ;;
            --framerate) rate=$2; shift ;;
            --codec) codec=$2; shift ;;
            --intra) intra=$2; shift ;;
            --inline) inline=1 ;;
            --flush) flush=1 ;;
          esac
          shift
        done
        if [ "$codec" = "h264" ]; then
          if [ "$(cat "$dir/cue" 2>/dev/null)" = "h264-exit" ]; then
            echo "ERROR: *** Unable to set the H.264 encoder's profile ***" >&2
            exit 1
          fi
          if [ "$inline" != 1 ] || [ "$flush" != 1 ] || [ "$intra" = 0 ]; then
            echo "ERROR: stand-in rpicam-vid wants --inline, --flush and --intra with --codec h264" >&2
            exit 2
          fi
          exec ffmpeg -hide_banner -loglevel error -re -f lavfi -i "testsrc=size=${width}x${height}:rate=${rate}" \
            -c:v libx264 -preset ultrafast -tune zerolatency -profile:v baseline -bf 0 -g "$intra" -pix_fmt yuv420p -f h264 -
        fi
        source="testsrc=size=${width}x${height}:rate=${rate}"
        case "$(cat "$dir/cue" 2>/dev/null || echo stream)" in
          exit)
            echo "[0:00:00.1] INFO Camera camera_manager.cpp:330 libcamera v0.5.0" >&2
            echo "ERROR: *** no cameras available ***" >&2
            exit 1 ;;
          hang)
            ffmpeg -hide_banner -loglevel error -f lavfi -i "$source" -frames:v 1 -q:v 5 -f mjpeg -
            exec sleep 600 ;;
          *)
            exec ffmpeg -hide_banner -loglevel error -re -f lavfi -i "$source" -q:v 5 -f mjpeg - ;;
        esac
        """;

    private readonly TempDirectory _dir = new();

    public StandInCamera(string programName = "rpicam-vid")
    {
        var path = _dir.Write(programName, Script.Replace("\r\n", "\n", StringComparison.Ordinal));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Cue("stream");
    }

    public string Directory => _dir.Path;

    /// <summary><c>PATH</c> with the stand-in first.</summary>
    public string SearchPath => $"{_dir.Path}:{Environment.GetEnvironmentVariable("PATH")}";

    /// <summary>What the next start does: stream, exit or hang; or h264-exit: MJPEG streams, H.264 fails at once.</summary>
    public void Cue(string behaviour) => File.WriteAllText(_dir.File("cue"), behaviour);

    public void ListCameras(string output) => File.WriteAllText(_dir.File("cameras.txt"), output);

    public sealed record Start(double Time, int Pid, string Arguments);

    public IReadOnlyList<Start> Starts()
    {
        var log = _dir.File("starts.log");
        if (!File.Exists(log))
        {
            return [];
        }

        return [.. File.ReadAllLines(log).Select(line => line.Split(' ', 3)).Select(p =>
            new Start(double.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture), p.Length > 2 ? p[2] : ""))];
    }

    public static bool IsRunning(int pid) => System.IO.Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    public void Dispose() => _dir.Dispose();
}
