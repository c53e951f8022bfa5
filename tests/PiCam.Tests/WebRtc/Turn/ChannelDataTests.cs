using PiCam.WebRtc.Turn;

namespace PiCam.Tests.WebRtc.Turn;

public sealed class ChannelDataTests
{
    [Fact]
    public void Write_ThenParse_GivesTheChannelAndData_WithAFourByteHeaderAndNoPadding()
    {
        var buffer = new byte[16];

        var length = ChannelData.Write(0x4001, [1, 2, 3], buffer);

        Assert.Equal(7, length);
        Assert.Equal(Hex.Bytes("40 01 00 03 01 02 03"), buffer[..length]);
        Assert.True(ChannelData.TryParse(buffer.AsSpan(0, length), out var channel, out var data));
        Assert.Equal(0x4001, channel);
        Assert.Equal([1, 2, 3], data.ToArray());
    }

    [Fact]
    public void Parse_PaddedToFour_IgnoresThePadding()
    {
        Assert.True(ChannelData.TryParse(Hex.Bytes("7f ff 00 03 0a 0b 0c 00"), out var channel, out var data));

        Assert.Equal(0x7FFF, channel);
        Assert.Equal([0x0a, 0x0b, 0x0c], data.ToArray());
    }

    [Theory]
    [InlineData("40 00 00 05 01 02 03")] // longer than the datagram
    [InlineData("40 00 00")] // shorter than the header
    [InlineData("00 01 00 00")] // a STUN type, not a channel
    [InlineData("80 00 00 00")] // RTP's first bits
    public void Parse_Malformed_IsRefused(string hex)
    {
        Assert.False(ChannelData.TryParse(Hex.Bytes(hex), out _, out _));
    }

    [Theory]
    [InlineData(0x3FFF)]
    [InlineData(0x8000)]
    public void Write_OutsideTheChannelRange_Throws(int channel)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChannelData.Write((ushort)channel, [1], new byte[8]));
    }
}
