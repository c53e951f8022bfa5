namespace PiCam.Capture.Simulator;

/// <summary>
/// Draws the simulator's picture: a coloured gradient, a box bouncing around it, a large frame counter and
/// the time, so a viewer can see at a glance that frames are moving and how fresh they are.
/// </summary>
internal sealed class SimulatorScene
{
    private readonly Canvas _canvas;
    private readonly byte[] _background;
    private readonly string _label;
    private readonly int _boxSize;
    private readonly int _textScale;

    public SimulatorScene(int width, int height, string name)
    {
        _canvas = new Canvas(width, height);
        _label = $"{name} - SIMULATOR {width}X{height}";
        _boxSize = Math.Max(8, Math.Min(width, height) / 5);
        _textScale = Math.Max(1, Math.Min(height / 60, width / 100));
        _background = PaintBackground(_canvas);
    }

    public Canvas Render(long frameNumber, DateTimeOffset now)
    {
        var canvas = _canvas;
        _background.CopyTo(canvas.Pixels, 0);

        // The box bounces off the edges; its hue cycles so consecutive frames always differ.
        var travelX = Math.Max(1, canvas.Width - _boxSize);
        var travelY = Math.Max(1, canvas.Height - _boxSize);
        var x = Bounce(frameNumber * 7, travelX);
        var y = Bounce(frameNumber * 5, travelY);
        canvas.FillRect(x, y, _boxSize, _boxSize, Hue(frameNumber * 3));
        canvas.FillRect(x + _boxSize / 4, y + _boxSize / 4, _boxSize / 2, _boxSize / 2, Rgb.White);

        var counter = $"#{frameNumber:D6}";
        var clock = now.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
        var big = _textScale * 3 / 2;
        DrawShadowed(counter, (canvas.Width - Canvas.TextWidth(counter, big)) / 2, canvas.Height / 2 - PixelFont.GlyphHeight * big, big);
        DrawShadowed(clock, (canvas.Width - Canvas.TextWidth(clock, _textScale)) / 2, canvas.Height / 2 + _textScale * 2, _textScale);
        DrawShadowed(_label, _textScale, _textScale, Math.Max(1, _textScale / 2));
        return canvas;
    }

    private void DrawShadowed(string text, int x, int y, int scale)
    {
        var offset = Math.Max(1, scale / 3);
        _canvas.DrawText(text, x + offset, y + offset, scale, Rgb.Black);
        _canvas.DrawText(text, x, y, scale, Rgb.White);
    }

    private static int Bounce(long position, int travel)
    {
        var period = travel * 2L;
        var p = (int)(position % period);
        return p < travel ? p : (int)(period - p);
    }

    private static Rgb Hue(long step)
    {
        var h = (int)(step % 768);
        return h switch
        {
            < 256 => new Rgb((byte)(255 - h), (byte)h, 40),
            < 512 => new Rgb(40, (byte)(511 - h), (byte)(h - 256)),
            _ => new Rgb((byte)(h - 512), 40, (byte)(767 - h)),
        };
    }

    private static byte[] PaintBackground(Canvas canvas)
    {
        var bands = 64;
        for (var band = 0; band < bands; band++)
        {
            var top = canvas.Height * band / bands;
            var bottom = canvas.Height * (band + 1) / bands;
            var shade = (byte)(30 + band * 90 / bands);
            canvas.FillRect(0, top, canvas.Width, bottom - top, new Rgb((byte)(shade / 3), (byte)(shade / 2), shade));
        }

        return (byte[])canvas.Pixels.Clone();
    }
}
