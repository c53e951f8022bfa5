using PiCam.Capture;

namespace PiCam.Tests.Capture;

public sealed class FrameRateLimiterTests
{
    private const long Frequency = 1_000_000; // timestamps in microseconds

    [Fact]
    public void TryTake_ACameraFloodingAThousandFramesASecond_LetsThroughTheFramerate()
    {
        var limiter = new FrameRateLimiter(15, Frequency);
        var taken = Enumerable.Range(0, 10_000).Count(i => limiter.TryTake(i * 1_000L)); // 10 s at 1,000 fps

        Assert.InRange(taken, 150, 151);
    }

    [Fact]
    public void TryTake_ACameraAtTheFramerateWithJitter_LosesNoFrame()
    {
        var limiter = new FrameRateLimiter(15, Frequency);
        var random = new Random(1);
        var taken = Enumerable.Range(0, 300).Count(i => limiter.TryTake((i * 66_667L) + random.Next(-12_000, 12_000)));

        Assert.Equal(300, taken);
    }

    [Fact]
    public void TryTake_ACameraAtTwiceTheFramerate_PassesEveryOtherFrame()
    {
        var limiter = new FrameRateLimiter(15, Frequency);
        var taken = Enumerable.Range(0, 300).Select(i => limiter.TryTake(i * 33_333L)).ToList();

        Assert.Equal(150, taken.Count(t => t));
        Assert.All(Enumerable.Range(0, 150), i => Assert.True(taken[2 * i]));
    }

    [Fact]
    public void TryTake_AfterACameraPaused_ResumesAtTheRateWithoutABurst()
    {
        var limiter = new FrameRateLimiter(10, Frequency);
        Assert.True(limiter.TryTake(0));
        var afterPause = Enumerable.Range(0, 1000).Count(i => limiter.TryTake(5_000_000L + (i * 1_000L))); // 1 s of flood after 5 s of silence

        Assert.InRange(afterPause, 10, 11);
    }
}
