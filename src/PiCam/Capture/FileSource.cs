using System.IO.Pipelines;
using Microsoft.Win32.SafeHandles;
using PiCam.Capture.Jpeg;
using PiCam.Platform;
using PiCam.Streaming;

namespace PiCam.Capture;

/// <summary>
/// Replays an MJPEG file (concatenated JPEGs) in a loop at a fixed rate. Used by tests and benchmarks.
/// The file is scanned once for frame boundaries; each frame is then read from disk into one reusable
/// buffer, so memory stays flat however long the file (the page cache, not this process, holds it).
/// Only a regular file is replayed: a device (<c>/dev/urandom</c>), a FIFO or a directory is refused
/// with a sentence saying so, before anything is opened.
/// </summary>
internal sealed class FileSource : IFrameSource
{
    private readonly string _path;
    private readonly int _framerate;
    private readonly TimeProvider _time;
    private List<(long Offset, int Length)>? _frames;

    public FileSource(string path, int framerate, TimeProvider time)
    {
        _path = path;
        _framerate = framerate;
        _time = time;
    }

    public string Kind => "file";

    public string? Description => $"MJPEG file {_path}, replayed in a loop";

    /// <summary>What <c>VIDEO_SOURCE=file:</c> names, for the sentence on <c>/status</c> and the NO CAMERA picture when it cannot be replayed.</summary>
    private static readonly FileRole Role = new("an MJPEG file", "set VIDEO_SOURCE to file: and the path of an MJPEG file (webcam: names a camera, command: a program)");

    /// <summary>Why <paramref name="path"/> cannot be replayed, starting with <c>file:</c> and the path as VIDEO_SOURCE names it.</summary>
    public static string Explain(string path, FileProblem problem) => Role.Problem($"file:{path}", problem);

    public async Task RunAsync(FrameHub hub, CancellationToken cancellationToken)
    {
        try
        {
            await ReplayAsync(hub, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not the exception's text, which can be a bare resource key in the trimmed build.
            var (problem, _) = RegularFile.Check(_path);
            throw new CameraException(Explain(_path, problem == FileProblem.None ? FileProblem.Unreadable : problem), ex);
        }
    }

    private async Task ReplayAsync(FrameHub hub, CancellationToken cancellationToken)
    {
        var (problem, _) = RegularFile.Check(_path);
        if (problem != FileProblem.None)
        {
            throw new CameraException(Explain(_path, problem));
        }

        _frames ??= await IndexAsync(cancellationToken).ConfigureAwait(false);
        using var file = File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        var buffer = new byte[_frames.Max(f => f.Length)];
        var pacer = new FramePacer(_framerate, _time);
        for (var index = 0; ; index = (index + 1) % _frames.Count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (offset, length) = _frames[index];
            var jpeg = buffer.AsMemory(0, length);
            await ReadExactlyAsync(file, jpeg, offset, cancellationToken).ConfigureAwait(false);
            hub.Publish(jpeg.Span);
            await pacer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task ReadExactlyAsync(SafeFileHandle file, Memory<byte> destination, long offset, CancellationToken cancellationToken)
    {
        while (!destination.IsEmpty)
        {
            var read = await RandomAccess.ReadAsync(file, destination, offset, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new CameraException("the MJPEG file was truncated while being replayed: replace it with the new file in one step (write a copy, then rename it)");
            }

            destination = destination[read..];
            offset += read;
        }
    }

    /// <summary>Finds every frame's offset and length with the same scanner that reads camera output.</summary>
    private async Task<List<(long Offset, int Length)>> IndexAsync(CancellationToken cancellationToken)
    {
        var frames = new List<(long, int)>();
        await using var stream = File.OpenRead(_path);
        var scanner = new JpegFrameScanner();
        var consumed = 0L;
        var pipe = PipeReader.Create(stream);
        while (true)
        {
            var result = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var start = buffer.Start;
            while (scanner.TryReadFrame(ref buffer, out var frame))
            {
                var frameOffset = consumed + result.Buffer.Slice(start, frame.Start).Length;
                frames.Add((frameOffset, (int)frame.Length));
            }

            consumed += result.Buffer.Slice(start, buffer.Start).Length;
            pipe.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await pipe.CompleteAsync().ConfigureAwait(false);
        return frames.Count > 0 ? frames : throw new CameraException($"file:{_path} contains no JPEG frames: it must be an MJPEG file (JPEG images one after another), for example made with ffmpeg -i video.mp4 -q:v 5 -f mjpeg test.mjpg");
    }
}
