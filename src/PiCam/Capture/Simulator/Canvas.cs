namespace PiCam.Capture.Simulator;

/// <summary>A packed RGB image with the three drawing operations the simulator needs.</summary>
internal sealed class Canvas
{
    public Canvas(int width, int height)
    {
        Width = width;
        Height = height;
        Pixels = new byte[width * height * 3];
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Pixels { get; }

    public void Fill(Rgb colour) => FillRect(0, 0, Width, Height, colour);

    public void FillRect(int x, int y, int width, int height, Rgb colour)
    {
        var x0 = Math.Clamp(x, 0, Width);
        var x1 = Math.Clamp(x + width, 0, Width);
        var y0 = Math.Clamp(y, 0, Height);
        var y1 = Math.Clamp(y + height, 0, Height);
        if (x0 >= x1 || y0 >= y1)
        {
            return;
        }

        // Paint the first row pixel by pixel, then copy it down: a memcpy per row.
        var stride = Width * 3;
        var firstRow = Pixels.AsSpan(y0 * stride + x0 * 3, (x1 - x0) * 3);
        for (var i = 0; i < firstRow.Length; i += 3)
        {
            firstRow[i] = colour.R;
            firstRow[i + 1] = colour.G;
            firstRow[i + 2] = colour.B;
        }

        for (var row = y0 + 1; row < y1; row++)
        {
            firstRow.CopyTo(Pixels.AsSpan(row * stride + x0 * 3));
        }
    }

    /// <summary>Draws text in the pixel font, each font pixel a <paramref name="scale"/>-sized square.</summary>
    public void DrawText(string text, int x, int y, int scale, Rgb colour)
    {
        foreach (var c in text)
        {
            var glyph = PixelFont.Glyph(c);
            for (var row = 0; row < PixelFont.GlyphHeight; row++)
            {
                for (var column = 0; column < PixelFont.GlyphWidth; column++)
                {
                    if ((glyph[row] & (1 << (PixelFont.GlyphWidth - 1 - column))) != 0)
                    {
                        FillRect(x + column * scale, y + row * scale, scale, scale, colour);
                    }
                }
            }

            x += (PixelFont.GlyphWidth + 1) * scale;
        }
    }

    public static int TextWidth(string text, int scale) => text.Length * (PixelFont.GlyphWidth + 1) * scale - scale;
}
