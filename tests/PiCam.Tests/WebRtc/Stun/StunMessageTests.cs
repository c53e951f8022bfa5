using System.Buffers.Binary;
using System.Net;
using PiCam.WebRtc.Stun;

namespace PiCam.Tests.WebRtc.Stun;

public sealed class StunMessageTests
{
    private static readonly byte[] Key = StunCredentials.ShortTermKey("a-long-ice-password-of-22");

    private static byte[] TransactionId() => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

    private static byte[] WriteIceCheck()
    {
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunConstants.BindingMethod, StunClass.Request, TransactionId());
        writer.AddUsername("serverufrag:browserufrag");
        writer.AddPriority(1_845_501_695);
        writer.AddIceControlling(0x0102030405060708);
        writer.AddUseCandidate();
        writer.AddMessageIntegrity(Key);
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }

    [Fact]
    public void IceCheck_RoundTrips_EveryAttribute()
    {
        var bytes = WriteIceCheck();

        Assert.True(StunMessage.TryParse(bytes, out var message));
        Assert.Equal(StunClass.Request, message.Class);
        Assert.True(message.TryGetUsername(out var username));
        Assert.Equal("serverufrag:browserufrag", username);
        Assert.True(message.TryGetPriority(out var priority));
        Assert.Equal(1_845_501_695u, priority);
        Assert.True(message.TryGetIceControlling(out var tieBreaker));
        Assert.Equal(0x0102030405060708ul, tieBreaker);
        Assert.True(message.HasUseCandidate);
        Assert.True(message.VerifyMessageIntegrity(Key));
        Assert.True(message.VerifyFingerprint());
    }

    [Theory]
    [InlineData(0, 0x0001)]
    [InlineData(1, 0x0011)]
    [InlineData(2, 0x0101)]
    [InlineData(3, 0x0111)]
    public void Type_BindingInEachClass_EncodesAsTheRfcTable(int classBits, int type)
    {
        var stunClass = (StunClass)classBits;
        Assert.Equal(type, StunConstants.EncodeType(StunConstants.BindingMethod, stunClass));
        Assert.Equal(stunClass, StunConstants.DecodeClass((ushort)type));
        Assert.Equal(StunConstants.BindingMethod, StunConstants.DecodeMethod((ushort)type));
    }

    [Fact]
    public void Type_EveryMethodAndClass_RoundTrips()
    {
        for (var method = 0; method < 0x1000; method++)
        {
            foreach (var stunClass in Enum.GetValues<StunClass>())
            {
                var type = StunConstants.EncodeType((ushort)method, stunClass);
                Assert.Equal(method, StunConstants.DecodeMethod(type));
                Assert.Equal(stunClass, StunConstants.DecodeClass(type));
                Assert.Equal(0, type & 0xC000);
            }
        }
    }

    [Fact]
    public void ErrorCode_RoundTrips_CodeAndReason()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunConstants.BindingMethod, StunClass.ErrorResponse, TransactionId());
        writer.AddErrorCode(487, "Role Conflict");
        writer.AddFingerprint();

        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.Equal(StunClass.ErrorResponse, message.Class);
        Assert.True(message.TryGetErrorCode(out var code, out var reason));
        Assert.Equal(487, code);
        Assert.Equal("Role Conflict", reason);
        Assert.True(message.VerifyFingerprint());
    }

    [Theory]
    [InlineData("203.0.113.7", 1)]
    [InlineData("10.0.0.1", 65535)]
    [InlineData("2001:db8::1", 3478)]
    [InlineData("fe80::1:2:3:4", 9)]
    public void XorMappedAddress_RoundTrips(string address, int port)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(address), port);
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunConstants.BindingMethod, StunClass.SuccessResponse, TransactionId());
        writer.AddXorMappedAddress(endPoint);

        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(endPoint, mapped);
    }

    [Fact]
    public void Integrity_OneFlippedBitAnywhereBeforeIt_FailsToVerify()
    {
        var bytes = WriteIceCheck();
        var integrityAt = bytes.Length - 8 - 24;
        for (var i = StunConstants.HeaderLength; i < integrityAt; i++)
        {
            var copy = (byte[])bytes.Clone();
            copy[i] ^= 0x01;
            if (StunMessage.TryParse(copy, out var message))
            {
                Assert.False(message.VerifyMessageIntegrity(Key), $"byte {i}");
                Assert.False(message.VerifyFingerprint(), $"byte {i}");
            }
        }
    }

    [Fact]
    public void AttributesAfterIntegrity_OtherThanFingerprint_AreIgnored()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunConstants.BindingMethod, StunClass.Request, TransactionId());
        writer.AddMessageIntegrity(Key);
        writer.AddPriority(7);

        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.False(message.TryGetPriority(out _));
    }

    [Fact]
    public void AnythingAfterFingerprint_IsRejected()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunConstants.BindingMethod, StunClass.Request, TransactionId());
        writer.AddFingerprint();
        writer.AddPriority(7);

        Assert.False(StunMessage.TryParse(writer.Written, out _));
    }

    [Fact]
    public void TrailingDatagramBytes_BeyondTheLength_AreNotPartOfTheMessage()
    {
        var bytes = WriteIceCheck().Concat(new byte[] { 1, 2, 3, 4 }).ToArray();

        Assert.True(StunMessage.TryParse(bytes, out var message));
        Assert.Equal(bytes.Length - 4, message.Raw.Length);
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void Header_Malformed_IsRejected()
    {
        var good = WriteIceCheck();
        byte[] Mutate(Action<byte[]> change)
        {
            var copy = (byte[])good.Clone();
            change(copy);
            return copy;
        }

        Assert.False(StunMessage.TryParse(good.AsSpan(0, 19), out _));
        Assert.False(StunMessage.TryParse(good.AsSpan(0, good.Length - 4), out _));
        Assert.False(StunMessage.TryParse(Mutate(b => b[0] |= 0x80), out _));
        Assert.False(StunMessage.TryParse(Mutate(b => b[4] ^= 1), out _));
        Assert.False(StunMessage.TryParse(Mutate(b => BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2), (ushort)(good.Length - 20 + 2))), out _));
        Assert.False(StunMessage.TryParse(Mutate(b => BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(22), 0xFFFF)), out _));
        Assert.False(StunMessage.TryParse(Mutate(b => BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2), 2)), out _));
        Assert.False(StunMessage.TryParse([], out _));
    }

    [Fact]
    public void Writer_BufferTooSmall_Throws_RatherThanTruncating()
    {
        var buffer = new byte[24];

        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new StunMessageWriter(buffer, StunConstants.BindingMethod, StunClass.Request, TransactionId());
            writer.AddIceControlling(1);
        });
    }
}
