using System.Buffers.Binary;

namespace PiCam.WebRtc.Turn;

/// <summary>
/// ChannelData messages (RFC 8656 §12.4): a 2-byte channel number, a 2-byte length, then the application
/// data. RFC 5766 allowed channels 0x4000-0x7FFF and that is what is accepted; RFC 8656 narrowed the range
/// to 0x4000-0x4FFF, so the client hands out numbers from there. Over UDP the data need not be padded to four bytes; padding that is there is
/// accepted and ignored. This writer sends none.
/// </summary>
internal static class ChannelData
{
    public const int HeaderLength = 4;
    public const ushort FirstChannel = 0x4000;
    public const ushort LastChannel = 0x7FFF;
    public const ushort LastAssignedChannel = 0x4FFF;

    public static bool IsChannelNumber(ushort channel) => channel is >= FirstChannel and <= LastChannel;

    /// <summary>The first byte of a channel number in 0x4000-0x7FFF is 64..127 (RFC 7983 gives TURN 64..79).</summary>
    public static bool LooksLikeChannelData(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= HeaderLength && (datagram[0] & 0xC0) == 0x40;

    public static bool TryParse(ReadOnlySpan<byte> datagram, out ushort channel, out ReadOnlySpan<byte> data)
    {
        channel = 0;
        data = default;
        if (!LooksLikeChannelData(datagram))
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if (length > datagram.Length - HeaderLength)
        {
            return false;
        }

        channel = BinaryPrimitives.ReadUInt16BigEndian(datagram);
        data = datagram.Slice(HeaderLength, length);
        return true;
    }

    /// <summary>Writes header and data and returns the length written.</summary>
    public static int Write(ushort channel, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (!IsChannelNumber(channel))
        {
            throw new ArgumentOutOfRangeException(nameof(channel), "TURN channel numbers are 0x4000 to 0x7FFF.");
        }

        if (data.Length > ushort.MaxValue || destination.Length < HeaderLength + data.Length)
        {
            throw new ArgumentException("The ChannelData message does not fit.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, channel);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)data.Length);
        data.CopyTo(destination[HeaderLength..]);
        return HeaderLength + data.Length;
    }
}
