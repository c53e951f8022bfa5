using System.Buffers;
using System.IO.Pipelines;
using PiCam.Capture.Jpeg;
using PiCam.Streaming;

namespace PiCam.Capture;

/// <summary>Replays an MJPEG file (concatenated JPEGs) in a loop at a fixed rate. Used by tests and benchmarks.</summary>
internal sealed class FileSource : IFrameSource
{
    private const long MaxFileBytes = 512L * 1024 * 1024;

    private readonly string _path;
    private readonly int _framerate;
    private readonly TimeProvider _time;
    private List<byte[]>? _frames;

    public FileSource(string path, int framerate, TimeProvider time)
    {
        _path = path;
        _framerate = framerate;
        _time = time;
    }

    public string Kind => "file";

    public string? Description => $"MJPEG file {_path}, replayed in a loop";

    public async Task RunAsync(FrameHub hub, CancellationToken cancellationToken)
    {
        _frames ??= await LoadAsync(cancellationToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / _framerate), _time);
        var index = 0;
        do
        {
            hub.Publish(_frames[index]);
            index = (index + 1) % _frames.Count;
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    private async Task<List<byte[]>> LoadAsync(CancellationToken cancellationToken)
    {
        var info = new FileInfo(_path);
        if (info.Length > MaxFileBytes)
        {
            throw new InvalidDataException($"{_path} is larger than {MaxFileBytes / 1024 / 1024} MB");
        }

        var frames = new List<byte[]>();
        await using var stream = File.OpenRead(_path);
        await MjpegReader.ReadFramesAsync(PipeReader.Create(stream), new JpegFrameScanner(), frame => frames.Add(frame.ToArray()), cancellationToken).ConfigureAwait(false);
        return frames.Count > 0 ? frames : throw new InvalidDataException($"{_path} contains no JPEG frames");
    }
}
