using PiCam.WebRtc.Srtp;

namespace PiCam.Tests.WebRtc.Srtp;

public sealed class SrtpReplayWindowTests
{
    [Fact]
    public void Window_SeenOlderAndFarTooOld_AreNotFresh_UnseenInsideIs()
    {
        var window = new SrtpReplayWindow();
        Assert.True(window.IsFresh(1000));
        window.Accept(1000);
        window.Accept(998);

        Assert.False(window.IsFresh(1000));
        Assert.False(window.IsFresh(998));
        Assert.True(window.IsFresh(999));
        Assert.True(window.IsFresh(1000 - 63));
        Assert.False(window.IsFresh(1000 - 64));
        Assert.True(window.IsFresh(5000));
    }

    [Fact]
    public void Window_AfterABigJump_ForgetsEverythingBehindIt()
    {
        var window = new SrtpReplayWindow();
        window.Accept(10);
        window.Accept(10 + 1000);

        Assert.False(window.IsFresh(10));
        Assert.False(window.IsFresh(1010));
        Assert.True(window.IsFresh(1009));
    }
}
