using PiCam.WebRtc.Rtcp;

namespace PiCam.Tests.WebRtc.Rtcp;

public sealed class RtcpFuzzTests
{
    [Fact]
    public void RandomCompounds_NeverThrow_ThroughEveryParser()
    {
        var random = new Random(4585);
        Span<ushort> lost = stackalloc ushort[256];
        var packets = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[4 * random.Next(0, 24)];
            random.NextBytes(bytes);
            for (var at = 0; at + 4 <= bytes.Length; at += 4 * (1 + random.Next(6)))
            {
                // Plausible headers more often than chance would give them.
                bytes[at] = (byte)(0x80 | (bytes[at] & 0x3F));
                bytes[at + 1] = (byte)(200 + random.Next(8));
                bytes[at + 2] = 0;
                bytes[at + 3] = (byte)random.Next(6);
            }

            var compound = new RtcpCompound(bytes);
            while (compound.MoveNext())
            {
                packets++;
                var packet = compound.Current;
                if (RtcpSenderReport.TryParse(packet, out var sr))
                {
                    for (var b = 0; b < sr.BlockCount; b++)
                    {
                        sr.Block(b);
                    }
                }

                if (RtcpReceiverReport.TryParse(packet, out var rr))
                {
                    for (var b = 0; b < rr.BlockCount; b++)
                    {
                        rr.Block(b);
                    }
                }

                RtcpSourceDescription.TryGetCname(packet, out _, out _);
                if (RtcpFeedback.TryParse(packet, out var feedback))
                {
                    RtcpGenericNack.Expand(feedback.Fci, lost);
                    RtcpFullIntraRequest.TryFindRequest(feedback.Fci, 1, out _);
                }
            }
        }

        Assert.True(packets > 5000, $"only {packets} packets walked");
    }
}
