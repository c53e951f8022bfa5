using PiCam.Tests.Support;
using PiCam.WebRtc.Whep;

namespace PiCam.Tests.WebRtc.Whep;

public sealed class BitrateMeterTests
{
    [Fact]
    public void Bitrate_IsTheBytesOverTheLastFewSeconds_AndFollowsAChangeOfRate()
    {
        var clock = new FakeClock();
        var meter = new BitrateMeter(clock);
        Assert.Equal(0, meter.BitsPerSecond(0));

        long total = 0;
        for (var second = 0; second < 10; second++)
        {
            meter.Sample(total);
            clock.Advance(TimeSpan.FromSeconds(1));
            total += 250_000; // 2 Mbit/s
        }

        Assert.Equal(2_000_000, meter.BitsPerSecond(total));

        for (var second = 0; second < 5; second++)
        {
            meter.Sample(total);
            clock.Advance(TimeSpan.FromSeconds(1));
            total += 62_500; // 0.5 Mbit/s
        }

        Assert.Equal(500_000, meter.BitsPerSecond(total));
    }
}
