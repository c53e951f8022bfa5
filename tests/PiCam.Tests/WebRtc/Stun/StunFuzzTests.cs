using System.Buffers.Binary;
using PiCam.WebRtc.Stun;

namespace PiCam.Tests.WebRtc.Stun;

/// <summary>Hostile bytes are the normal case on a UDP port: nothing here may throw.</summary>
public sealed class StunFuzzTests
{
    private static readonly byte[][] Seeds =
    [
        Rfc5769Vectors.SampleRequest, Rfc5769Vectors.SampleIpv4Response,
        Rfc5769Vectors.SampleIpv6Response, Rfc5769Vectors.LongTermRequest,
    ];

    [Fact]
    public void RandomTruncatedAndFlippedInput_NeverThrows()
    {
        var random = new Random(5769);
        var parsed = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var seed = Seeds[i % Seeds.Length];
            byte[] input;
            switch (i % 4)
            {
                case 0:
                    input = new byte[random.Next(0, 120)];
                    random.NextBytes(input);
                    break;
                case 1:
                    input = seed[..random.Next(0, seed.Length)];
                    break;
                case 2:
                    input = (byte[])seed.Clone();
                    for (var k = 0; k <= i % 5; k++)
                    {
                        input[random.Next(input.Length)] ^= (byte)(1 << random.Next(8));
                    }

                    break;
                default:
                    // A valid header over random attribute soup.
                    var body = new byte[4 * random.Next(0, 30)];
                    random.NextBytes(body);
                    input = new byte[20 + body.Length];
                    BinaryPrimitives.WriteUInt16BigEndian(input, 0x0001);
                    BinaryPrimitives.WriteUInt16BigEndian(input.AsSpan(2), (ushort)body.Length);
                    BinaryPrimitives.WriteUInt32BigEndian(input.AsSpan(4), StunConstants.MagicCookie);
                    body.CopyTo(input, 20);
                    break;
            }

            if (Probe(input))
            {
                parsed++;
            }
        }

        Assert.True(parsed > 1000, $"only {parsed} inputs parsed; the fuzzing reached too little of the parser");
    }

    private static bool Probe(byte[] input)
    {
        StunMessage.LooksLikeStun(input);
        if (!StunMessage.TryParse(input, out var message))
        {
            return false;
        }

        Assert.True(message.Raw.Length <= input.Length);
        message.TryGetUsername(out _);
        message.TryGetPriority(out _);
        message.TryGetIceControlled(out _);
        message.TryGetIceControlling(out _);
        message.TryGetXorMappedAddress(out _);
        message.TryGetErrorCode(out _, out _);
        _ = message.HasUseCandidate;
        message.VerifyMessageIntegrity([1, 2, 3]);
        message.VerifyFingerprint();
        return true;
    }
}
