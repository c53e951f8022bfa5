using PiCam.WebRtc.Turn;

namespace PiCam.Tests.WebRtc.Turn;

public sealed class StunRetransmissionTests
{
    [Fact]
    public void Default_SendsAtTheRfcsTimes_AndGivesUpAt39_5Seconds()
    {
        var schedule = StunRetransmission.Default;
        var sendTimes = new List<double>();
        var t = TimeSpan.Zero;
        for (var i = 0; i < schedule.Transmissions; i++)
        {
            sendTimes.Add(t.TotalSeconds);
            t += schedule.WaitAfter(i);
        }

        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5], sendTimes);
        Assert.Equal(39.5, t.TotalSeconds);
        Assert.Equal(TimeSpan.FromSeconds(39.5), schedule.Total);
    }

    [Fact]
    public void WaitAfter_BeyondTheLastTransmission_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StunRetransmission.Default.WaitAfter(7));
    }
}
