using PiCam.Capture.Jpeg;

namespace PiCam.Capture.Simulator;

/// <summary>Draws the "NO CAMERA — reason — retrying in N s" frame that viewers see while the camera is down.</summary>
internal sealed class NoCameraPicture : IDisposable
{
    private static readonly Rgb Background = new(40, 12, 12);
    private static readonly Rgb Title = new(255, 90, 80);

    private readonly Canvas _canvas;
    private readonly JpegEncoder _encoder;
    private readonly int _quality;

    public NoCameraPicture(int width, int height, int quality)
    {
        _canvas = new Canvas(width, height);
        _encoder = new JpegEncoder(width, height);
        _quality = quality;
    }

    public ReadOnlySpan<byte> Render(string reason, TimeSpan retryIn)
    {
        var canvas = _canvas;
        canvas.Fill(Background);
        const string title = "NO CAMERA";
        // The title fills at most 80% of the width and a sixth of the height; the text below is sized for
        // about 48 characters a line, so everything fits from 160x120 to 4K.
        var titleScale = Math.Max(1, Math.Min(canvas.Width * 8 / 10 / Canvas.TextWidth(title, 1), canvas.Height / 6 / PixelFont.GlyphHeight));
        var small = Math.Max(1, Math.Min(canvas.Width / ((PixelFont.GlyphWidth + 1) * 48), canvas.Height / 60));
        var columns = Math.Max(10, canvas.Width / ((PixelFont.GlyphWidth + 1) * small) - 2);
        var lineHeight = (PixelFont.GlyphHeight + 3) * small;
        var lines = Wrap(reason.ToUpperInvariant(), columns).Take(4).ToList();
        var retry = retryIn > TimeSpan.Zero ? $"RETRYING IN {Math.Ceiling(retryIn.TotalSeconds):0} S" : "RETRYING NOW";

        var height = PixelFont.GlyphHeight * titleScale + lineHeight * (lines.Count + 3);
        var y = Math.Max(0, (canvas.Height - height) / 2);
        Centre(title, y, titleScale, Title);
        y += PixelFont.GlyphHeight * titleScale + lineHeight;
        foreach (var line in lines)
        {
            Centre(line, y, small, Rgb.White);
            y += lineHeight;
        }

        Centre(retry, y + lineHeight, small, new Rgb(200, 200, 200));
        return _encoder.Encode(canvas.Pixels, _quality);
    }

    public void Dispose() => _encoder.Dispose();

    private void Centre(string text, int y, int scale, Rgb colour) =>
        _canvas.DrawText(text, Math.Max(0, (_canvas.Width - Canvas.TextWidth(text, scale)) / 2), y, scale, colour);

    private static IEnumerable<string> Wrap(string text, int columns)
    {
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var piece = word.Length > columns ? word[..columns] : word;
            if (line.Length > 0 && line.Length + 1 + piece.Length > columns)
            {
                yield return line;
                line = "";
            }

            line = line.Length == 0 ? piece : $"{line} {piece}";
        }

        if (line.Length > 0)
        {
            yield return line;
        }
    }
}
