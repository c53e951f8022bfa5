using PiCam.Streaming;
using PiCam.Tests.Platform;
using Xunit;

namespace PiCam.Tests.Streaming;

public sealed class FpsMeterTests
{
    private readonly ManualTimeProvider _clock = new();

    private static TimeSpan Seconds(double s) => TimeSpan.FromSeconds(s);

    /// <summary>Ticks <paramref name="count"/> times evenly over <paramref name="over"/>, the last tick at its end.</summary>
    private void TickEvenly(FpsMeter meter, int count, TimeSpan over)
    {
        var start = _clock.GetTimestamp();
        for (var i = 1; i <= count; i++)
        {
            var at = start + over.Ticks * i / count;
            _clock.Advance(TimeSpan.FromTicks(at - _clock.GetTimestamp()));
            meter.Tick(_clock.GetTimestamp());
        }
    }

    [Fact]
    public void Rate_BeforeAnyTick_IsZero()
    {
        var meter = new FpsMeter(_clock);

        Assert.Equal(0, meter.Rate);
    }

    [Fact]
    public void Rate_ThirtyTicksOverOneSecond_IsThirty()
    {
        var meter = new FpsMeter(_clock);

        TickEvenly(meter, 30, Seconds(1));

        Assert.Equal(30, meter.Rate, precision: 1);
    }

    [Fact]
    public void Rate_FifteenTicksInTheNextSecond_IsFifteen()
    {
        var meter = new FpsMeter(_clock);
        TickEvenly(meter, 30, Seconds(1));

        TickEvenly(meter, 15, Seconds(1));

        Assert.Equal(15, meter.Rate, precision: 1);
    }

    [Fact]
    public void Rate_BeforeTheFirstWholeSecond_IsNotYetKnown()
    {
        var meter = new FpsMeter(_clock);

        TickEvenly(meter, 10, Seconds(0.5));

        Assert.Equal(0, meter.Rate);
    }

    [Fact]
    public void Rate_SlowTicks_CountOverTheWholeWindow()
    {
        var meter = new FpsMeter(_clock);

        TickEvenly(meter, 4, Seconds(2));

        Assert.Equal(2, meter.Rate, precision: 1);
    }

    [Fact]
    public void Rate_IdleForUnderTwoSeconds_KeepsTheLastRate()
    {
        var meter = new FpsMeter(_clock);
        TickEvenly(meter, 30, Seconds(1));

        _clock.Advance(Seconds(1.9));

        Assert.Equal(30, meter.Rate, precision: 1);
    }

    [Fact]
    public void Rate_IdleForMoreThanTwoSeconds_IsZero()
    {
        var meter = new FpsMeter(_clock);
        TickEvenly(meter, 30, Seconds(1));

        _clock.Advance(Seconds(2.1));

        Assert.Equal(0, meter.Rate);
    }

    [Fact]
    public void Rate_TicksResumeAfterIdle_IsMeasuredAgain()
    {
        var meter = new FpsMeter(_clock);
        TickEvenly(meter, 30, Seconds(1));
        _clock.Advance(Seconds(5));
        Assert.Equal(0, meter.Rate);

        meter.Tick(_clock.GetTimestamp()); // closes the long idle window
        TickEvenly(meter, 10, Seconds(1));

        Assert.Equal(10, meter.Rate, precision: 1);
    }

    [Fact]
    public void Rate_FirstSecondAfterALongIdle_IgnoresTheIdleTime()
    {
        var meter = new FpsMeter(_clock);
        _clock.Advance(Seconds(30)); // the server idled with nobody watching

        TickEvenly(meter, 40, Seconds(40 / 30.0)); // 30 fps; the window opens at the first tick

        Assert.Equal(30, meter.Rate, precision: 0);
    }
}
