using PiCam.WebRtc.Rtcp;

namespace PiCam.Tests.WebRtc.Rtcp;

public sealed class RtcpFeedbackTests
{
    private static RtcpFeedback Parse(byte[] datagram)
    {
        var compound = new RtcpCompound(datagram);
        Assert.True(compound.MoveNext());
        Assert.True(RtcpFeedback.TryParse(compound.Current, out var feedback));
        return feedback;
    }

    [Fact]
    public void PictureLoss_AsABrowserSendsIt_IsRecognised_AndRoundTrips()
    {
        var feedback = Parse(Hex.Bytes("81ce0002 00000001 0000cafe"));
        Assert.True(feedback.IsPictureLossIndication);
        Assert.Equal(1u, feedback.SenderSsrc);
        Assert.Equal(0xCAFEu, feedback.MediaSsrc);

        var buffer = new byte[12];
        Assert.Equal(12, RtcpFeedback.WritePictureLossIndication(buffer, 1, 0xCAFE));
        Assert.Equal("81ce000200000001 0000cafe".Replace(" ", ""), Hex.Of(buffer));
    }

    [Fact]
    public void FullIntraRequest_FindsTheEntryForOurSsrc_AmongOthers()
    {
        var feedback = Parse(Hex.Bytes("84ce0006 00000001 00000000 00000bad 07000000 0000cafe 2a000000"));

        Assert.True(feedback.IsFullIntraRequest);
        Assert.True(RtcpFullIntraRequest.TryFindRequest(feedback.Fci, 0xCAFE, out var sequence));
        Assert.Equal(0x2a, sequence);
        Assert.False(RtcpFullIntraRequest.TryFindRequest(feedback.Fci, 0xF00D, out _));
        Assert.False(RtcpFullIntraRequest.TryFindRequest(feedback.Fci[..7], 0xCAFE, out _));
    }

    [Fact]
    public void FullIntraRequest_Written_ParsesBack()
    {
        var buffer = new byte[20];
        var length = RtcpFullIntraRequest.Write(buffer, 9, 0xCAFE, 200);

        var feedback = Parse(buffer[..length]);
        Assert.True(feedback.IsFullIntraRequest);
        Assert.Equal(0u, feedback.MediaSsrc);
        Assert.True(RtcpFullIntraRequest.TryFindRequest(feedback.Fci, 0xCAFE, out var sequence));
        Assert.Equal(200, sequence);
    }

    [Fact]
    public void GenericNack_BitmaskExpands_ToEveryLostSequenceNumber()
    {
        // PID 100 with BLP 0x8005: 100, then bits 0, 2 and 15 → 101, 103, 116; then PID 65535 with bit 0 → 0.
        var feedback = Parse(Hex.Bytes("81cd0004 00000001 0000cafe 00648005 ffff0001"));
        Span<ushort> lost = stackalloc ushort[64];

        var count = RtcpGenericNack.Expand(feedback.Fci, lost);

        Assert.True(feedback.IsGenericNack);
        Assert.Equal(new ushort[] { 100, 101, 103, 116, 65535, 0 }, lost[..count].ToArray());
    }

    [Fact]
    public void GenericNack_Written_ExpandsToTheSameList_AcrossTheWrap()
    {
        ushort[] sent = [65530, 65534, 65535, 0, 5, 9, 40, 41, 57, 58];
        var buffer = new byte[128];
        var length = RtcpGenericNack.Write(buffer, 1, 0xCAFE, sent);
        var feedback = Parse(buffer[..length]);
        Span<ushort> lost = stackalloc ushort[64];

        var count = RtcpGenericNack.Expand(feedback.Fci, lost);

        Assert.Equal(sent, lost[..count].ToArray());
        Assert.Equal(3 * 4, feedback.Fci.Length);
    }

    [Fact]
    public void GenericNack_ExpansionStops_WhenTheDestinationIsFull()
    {
        var fci = Hex.Bytes("0064ffff 0100ffff");
        Span<ushort> lost = stackalloc ushort[5];

        Assert.Equal(5, RtcpGenericNack.Expand(fci, lost));
        Assert.Equal(0, RtcpGenericNack.Expand(fci[..3], lost));
    }
}
