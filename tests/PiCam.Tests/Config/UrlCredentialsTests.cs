using PiCam.Config;

namespace PiCam.Tests.Config;

public sealed class UrlCredentialsTests
{
    [Theory]
    [InlineData("ffmpeg -i rtsp://admin:hunter2@192.168.1.20/stream -f mjpeg -", "ffmpeg -i rtsp://***@192.168.1.20/stream -f mjpeg -")]
    [InlineData("rtsp://admin:hunter2@192.168.1.20:554/stream: Connection refused", "rtsp://***@192.168.1.20:554/stream: Connection refused")]
    [InlineData("Input #0, rtsp, from 'rtsp://u:p@cam/live':", "Input #0, rtsp, from 'rtsp://***@cam/live':")]
    [InlineData("http://user@host/ and rtsps://a:b@other", "http://***@host/ and rtsps://***@other")]
    [InlineData("rtsp://admin:p@ss@cam/stream", "rtsp://***@cam/stream")]
    public void Redact_UrlsWithUserInfo_HideUserAndPassword(string text, string expected) =>
        Assert.Equal(expected, UrlCredentials.Redact(text));

    [Theory]
    [InlineData("ffmpeg -i rtsp://192.168.1.20/stream -f mjpeg -")]
    [InlineData("mail me at someone@example.org")]
    [InlineData("rtsp://cam/stream?user=a@b")]
    public void Redact_TextWithoutUserInfo_IsUnchanged(string text) =>
        Assert.Equal(text, UrlCredentials.Redact(text));
}
