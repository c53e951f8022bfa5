using PiCam.Capture.Jpeg;
using PiCam.Streaming;

namespace PiCam.Capture.Simulator;

/// <summary>The built-in test camera: renders <see cref="SimulatorScene"/> at the configured size and rate and encodes it in-process.</summary>
internal sealed class SimulatorSource : IFrameSource
{
    private readonly int _width;
    private readonly int _height;
    private readonly int _framerate;
    private readonly int _quality;
    private readonly string _name;
    private readonly TimeProvider _time;
    private long _frameNumber;

    public SimulatorSource(int width, int height, int framerate, int quality, string name, TimeProvider time)
    {
        _width = width;
        _height = height;
        _framerate = framerate;
        _quality = quality;
        _name = name;
        _time = time;
    }

    public string Kind => "simulator";

    public string? Description => $"built-in simulator, {_width}x{_height}";

    public async Task RunAsync(FrameHub hub, CancellationToken cancellationToken)
    {
        var scene = new SimulatorScene(_width, _height, _name);
        using var encoder = new JpegEncoder(_width, _height);
        var pacer = new FramePacer(_framerate, _time);
        while (true)
        {
            // Checked before each frame: rendering and encoding a big picture is the slow part.
            cancellationToken.ThrowIfCancellationRequested();
            var canvas = scene.Render(++_frameNumber, _time.GetLocalNow());
            hub.Publish(encoder.Encode(canvas.Pixels, _quality));
            await pacer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
