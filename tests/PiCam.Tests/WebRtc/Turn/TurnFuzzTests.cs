using System.Buffers.Binary;
using PiCam.WebRtc.Stun;
using PiCam.WebRtc.Turn;

namespace PiCam.Tests.WebRtc.Turn;

/// <summary>Hostile bytes from a TURN server's address: the TURN getters and ChannelData never throw.</summary>
public sealed class TurnFuzzTests
{
    private static readonly ushort[] TurnTypes =
    [
        StunAttributeType.Realm, StunAttributeType.Nonce, StunAttributeType.Lifetime, StunAttributeType.XorRelayedAddress,
        StunAttributeType.XorPeerAddress, StunAttributeType.ChannelNumber, StunAttributeType.Data, StunAttributeType.ErrorCode,
    ];

    [Fact]
    public void RandomTurnAttributes_ReadByEveryGetter_NeverThrow_AndSomeAreRead()
    {
        var random = new Random(8656);
        var read = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var message = RandomMessage(random);
            Assert.True(StunMessage.TryParse(message, out var parsed));
            read += (parsed.TryGetRealm(out _) ? 1 : 0) + (parsed.TryGetNonce(out _) ? 1 : 0)
                + (parsed.TryGetLifetime(out _) ? 1 : 0) + (parsed.TryGetXorRelayedAddress(out _) ? 1 : 0)
                + (parsed.TryGetXorPeerAddress(out _) ? 1 : 0) + (parsed.TryGetChannelNumber(out _) ? 1 : 0)
                + (parsed.TryGetData(out _) ? 1 : 0) + (parsed.TryGetErrorCode(out _, out _) ? 1 : 0);
        }

        Assert.True(read > 5_000, $"only {read} attributes were read; the fuzzing reached too little");
    }

    [Fact]
    public void RandomChannelData_NeverThrows_AndWhatParsesLiesInsideTheDatagram()
    {
        var random = new Random(124);
        var parsed = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var input = new byte[random.Next(0, 40)];
            random.NextBytes(input);
            if (input.Length > 0 && i % 2 == 0)
            {
                input[0] = (byte)(0x40 | (input[0] & 0x3F));
            }

            if (input.Length >= 4 && i % 4 == 0)
            {
                BinaryPrimitives.WriteUInt16BigEndian(input.AsSpan(2), (ushort)random.Next(0, input.Length));
            }

            if (ChannelData.TryParse(input, out var channel, out var data))
            {
                parsed++;
                Assert.InRange(channel, ChannelData.FirstChannel, ChannelData.LastChannel);
                Assert.True(data.Length <= input.Length - ChannelData.HeaderLength);
            }
        }

        Assert.True(parsed > 1_000, $"only {parsed} inputs parsed");
    }

    private static byte[] RandomMessage(Random random)
    {
        var buffer = new byte[1024];
        var writer = new StunMessageWriter(buffer, TurnMethod.Allocate, StunClass.SuccessResponse, new byte[12]);
        for (var n = random.Next(1, 6); n > 0; n--)
        {
            var value = new byte[random.Next(0, 3) == 0 ? random.Next(0, 30) : new[] { 4, 8, 20 }[random.Next(3)]];
            random.NextBytes(value);
            if (value.Length >= 2 && random.Next(2) == 0)
            {
                value[1] = (byte)random.Next(1, 3); // a plausible address family
            }

            writer.AddAttribute(TurnTypes[random.Next(TurnTypes.Length)], value);
        }

        return writer.Written.ToArray();
    }
}
