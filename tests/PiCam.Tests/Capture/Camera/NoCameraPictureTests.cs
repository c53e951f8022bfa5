using PiCam.Capture.Simulator;

namespace PiCam.Tests.Capture.Camera;

public sealed class NoCameraPictureTests
{
    private const string Reason = "rpicam-vid exited with code 1: ERROR: *** no cameras available ***";

    private static (int Width, int Height, byte[] Rgb) RenderAndDecode(int width, int height, string reason, TimeSpan retryIn)
    {
        using var picture = new NoCameraPicture(width, height, 80);
        var jpeg = picture.Render(reason, retryIn).ToArray();
        Assert.True(jpeg.Length > 4, "empty JPEG");
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
        Assert.Equal([0xFF, 0xD9], jpeg[^2..]);
        return TestJpeg.Decode(jpeg);
    }

    private static (byte R, byte G, byte B) Pixel((int Width, int Height, byte[] Rgb) image, int x, int y)
    {
        var i = (y * image.Width + x) * 3;
        return (image.Rgb[i], image.Rgb[i + 1], image.Rgb[i + 2]);
    }

    [Theory]
    [InlineData(160, 120)]
    [InlineData(640, 480)]
    [InlineData(1920, 1080)]
    public void Render_NoCamerasReason_IsAJpegOfTheConfiguredSize(int width, int height)
    {
        var image = RenderAndDecode(width, height, Reason, TimeSpan.FromSeconds(3));

        Assert.Equal((width, height), (image.Width, image.Height));
    }

    [Theory]
    [InlineData(160, 120)]
    [InlineData(1920, 1080)]
    public void Render_NoCamerasReason_HasADarkRedBackground(int width, int height)
    {
        var image = RenderAndDecode(width, height, Reason, TimeSpan.FromSeconds(3));

        foreach (var (x, y) in new[] { (5, 5), (width - 6, 5), (5, height - 6), (width - 6, height - 6) })
        {
            var (r, g, b) = Pixel(image, x, y);
            Assert.True(r > g && r > b, $"pixel ({x},{y}) is ({r},{g},{b}), not red-ish");
            Assert.True(r < 100, $"pixel ({x},{y}) is ({r},{g},{b}), not dark");
        }
    }

    [Theory]
    [InlineData(160, 120)]
    [InlineData(1920, 1080)]
    public void Render_NoCamerasReason_DrawsBrightText(int width, int height)
    {
        var image = RenderAndDecode(width, height, Reason, TimeSpan.FromSeconds(3));

        var bright = 0;
        for (var i = 0; i < image.Rgb.Length; i += 3)
        {
            if (image.Rgb[i] > 180)
            {
                bright++;
            }
        }

        Assert.True(bright > width * height / 1000, $"only {bright} bright pixels: no text drawn?");
    }

    [Theory]
    [InlineData(160, 120)]
    [InlineData(1920, 1080)]
    [InlineData(32, 32)]
    public void Render_VeryLongReason_DoesNotThrowAndStillDecodes(int width, int height)
    {
        var reason = string.Join(' ', Enumerable.Repeat("ERROR: *** something went wrong with the camera pipeline ***", 200))
            + " " + new string('X', 5000);

        var image = RenderAndDecode(width, height, reason, TimeSpan.FromSeconds(30));

        Assert.Equal((width, height), (image.Width, image.Height));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ünïcödé — 日本語 \t\n tabs and newlines")]
    public void Render_OddReasons_DoNotThrow(string reason)
    {
        var image = RenderAndDecode(320, 240, reason, TimeSpan.Zero);

        Assert.Equal((320, 240), (image.Width, image.Height));
    }

    [Theory]
    [InlineData(160, 120)]
    [InlineData(640, 480)]
    [InlineData(1280, 720)]
    [InlineData(1920, 1080)]
    public void Render_DifferentCountdowns_GiveDifferentPictures(int width, int height)
    {
        // The "RETRYING IN N S" line must be on the picture, so 3 s and 29 s cannot look the same.
        using var picture = new NoCameraPicture(width, height, 80);

        var three = picture.Render(Reason, TimeSpan.FromSeconds(3)).ToArray();
        var twentyNine = picture.Render(Reason, TimeSpan.FromSeconds(29)).ToArray();

        Assert.False(three.AsSpan().SequenceEqual(twentyNine), $"the countdown is not visible at {width}x{height}");
    }

    [Theory]
    [InlineData(160, 120)]
    [InlineData(640, 480)]
    [InlineData(1280, 720)]
    [InlineData(1920, 1080)]
    public void Render_NoCamerasReason_LeavesTheLeftAndRightEdgesBlank(int width, int height)
    {
        // Text that runs into the edges has been cut off (e.g. "NO CAMERA" wider than the picture).
        var image = RenderAndDecode(width, height, Reason, TimeSpan.FromSeconds(3));

        for (var y = 0; y < height; y++)
        {
            foreach (var x in new[] { 0, width - 1 })
            {
                var (r, g, b) = Pixel(image, x, y);
                Assert.True(r < 100 && g < 60 && b < 60, $"pixel ({x},{y}) is ({r},{g},{b}): text reaches the edge of a {width}x{height} picture");
            }
        }
    }
}
