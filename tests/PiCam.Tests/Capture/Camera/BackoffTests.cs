using PiCam.Capture;

namespace PiCam.Tests.Capture.Camera;

public sealed class BackoffTests
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(2);

    /// <summary>A Random whose NextDouble is always the same: 0.5 is the middle of the jitter, i.e. none.</summary>
    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;

        protected override double Sample() => value;
    }

    private static double Seconds(TimeSpan t) => Math.Round(t.TotalSeconds, 6);

    [Fact]
    public void Next_WithoutJitter_Doubles1To16ThenCapsAt30()
    {
        var backoff = new Backoff(random: new FixedRandom(0.5));

        var delays = Enumerable.Range(0, 8).Select(_ => Seconds(backoff.Next(Short))).ToList();

        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], delays);
    }

    [Fact]
    public void Next_ManyFailuresWithoutJitter_StaysAtTheCap()
    {
        var backoff = new Backoff(random: new FixedRandom(0.5));

        for (var i = 0; i < 100; i++)
        {
            backoff.Next(TimeSpan.Zero);
        }

        Assert.Equal(30, Seconds(backoff.Next(TimeSpan.Zero)));
    }

    [Fact]
    public void Next_LowestJitter_Is20PercentBelowNominal()
    {
        var backoff = new Backoff(random: new FixedRandom(0.0));

        Assert.Equal([0.8, 1.6, 3.2], Enumerable.Range(0, 3).Select(_ => Seconds(backoff.Next(Short))));
    }

    [Fact]
    public void Next_HighestJitterAtTheCap_NeverExceeds30Seconds()
    {
        var backoff = new Backoff(random: new FixedRandom(0.999999));

        var delays = Enumerable.Range(0, 10).Select(_ => backoff.Next(Short)).ToList();

        Assert.InRange(delays[0].TotalSeconds, 1.19, 1.2);
        Assert.All(delays, d => Assert.True(d <= TimeSpan.FromSeconds(30), $"{d} is above the 30 s cap"));
        Assert.Equal(30, Seconds(delays[^1]));
    }

    [Fact]
    public void Next_SeededJitter_StaysWithin20PercentOfNominalAndUnderTheCap()
    {
        var random = new Random(1);
        double[] nominal = [1, 2, 4, 8, 16, 30, 30, 30];
        var seen = new HashSet<double>();
        for (var run = 0; run < 500; run++)
        {
            var backoff = new Backoff(random: random);
            foreach (var expected in nominal)
            {
                var delay = backoff.Next(Short).TotalSeconds;
                Assert.InRange(delay, expected * 0.8 - 1e-9, Math.Min(expected * 1.2, 30) + 1e-9);
                seen.Add(Math.Round(delay, 3));
            }
        }

        // Jitter actually varies: more than a handful of distinct delays over 4000 draws.
        Assert.True(seen.Count > 100, $"only {seen.Count} distinct delays");
    }

    [Fact]
    public void Next_SeededJitter_IsNotAlwaysTheNominalDelay()
    {
        var backoff = new Backoff(random: new Random(1));

        var first = Enumerable.Range(0, 20).Select(i => new Backoff(random: new Random(i + 1)).Next(Short).TotalSeconds).ToList();

        Assert.Contains(first, d => Math.Abs(d - 1) > 0.01);
        Assert.InRange(backoff.Next(Short).TotalSeconds, 0.8, 1.2);
    }

    [Fact]
    public void Next_AfterARunOfAMinuteOrMore_StartsAgainAt1Second()
    {
        var backoff = new Backoff(random: new FixedRandom(0.5));
        for (var i = 0; i < 6; i++)
        {
            backoff.Next(Short);
        }

        Assert.Equal(1, Seconds(backoff.Next(TimeSpan.FromMinutes(1))));
        Assert.Equal(2, Seconds(backoff.Next(Short)));
    }

    [Fact]
    public void Next_AfterALongRun_StartsAgainAt1Second()
    {
        var backoff = new Backoff(random: new FixedRandom(0.5));
        backoff.Next(Short);
        backoff.Next(Short);
        backoff.Next(Short);

        Assert.Equal(1, Seconds(backoff.Next(TimeSpan.FromHours(3))));
    }

    [Fact]
    public void Next_AfterARunJustUnderAMinute_KeepsBackingOff()
    {
        var backoff = new Backoff(random: new FixedRandom(0.5));
        backoff.Next(Short);
        backoff.Next(Short);
        backoff.Next(Short);

        Assert.Equal(8, Seconds(backoff.Next(TimeSpan.FromSeconds(59.9))));
    }

    [Fact]
    public void Reset_AfterFailures_StartsAgainAt1Second()
    {
        var backoff = new Backoff(random: new FixedRandom(0.5));
        backoff.Next(Short);
        backoff.Next(Short);
        backoff.Next(Short);

        backoff.Reset();

        Assert.Equal(1, Seconds(backoff.Next(Short)));
    }

    [Fact]
    public void Next_CustomInitialMaxAndHealthy_AreHonoured()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(350), TimeSpan.FromSeconds(5), new FixedRandom(0.5));

        Assert.Equal([0.1, 0.2, 0.35, 0.35], Enumerable.Range(0, 4).Select(_ => Seconds(backoff.Next(TimeSpan.FromSeconds(1)))));
        Assert.Equal(0.1, Seconds(backoff.Next(TimeSpan.FromSeconds(5))));
    }
}
