using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace PiCam.WebRtc.Stun;

/// <summary>
/// Writes one STUN message into a caller's buffer, attribute by attribute, keeping the header's length
/// current. MESSAGE-INTEGRITY and FINGERPRINT, when wanted, are added last and in that order. A buffer
/// too small for what is added is the caller's mistake and throws.
/// </summary>
internal ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    public StunMessageWriter(Span<byte> buffer, ushort method, StunClass stunClass, ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != StunConstants.TransactionIdLength)
        {
            throw new ArgumentException("A STUN transaction ID is 12 bytes.", nameof(transactionId));
        }

        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, StunConstants.EncodeType(method, stunClass));
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], StunConstants.MagicCookie);
        transactionId.CopyTo(buffer[8..]);
        _length = StunConstants.HeaderLength;
    }

    /// <summary>The byte that pads values to four; any value is valid (RFC 5769's vectors use spaces).</summary>
    public byte Padding { get; set; }

    public readonly int Length => _length;

    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    public void AddAttribute(ushort type, scoped ReadOnlySpan<byte> value)
    {
        value.CopyTo(BeginAttribute(type, value.Length));
        EndAttribute(value.Length);
    }

    public void AddUsername(string username) => AddString(StunAttributeType.Username, username);

    public void AddSoftware(string software) => AddString(StunAttributeType.Software, software);

    public void AddPriority(uint priority)
    {
        BinaryPrimitives.WriteUInt32BigEndian(BeginAttribute(StunAttributeType.Priority, 4), priority);
        EndAttribute(4);
    }

    public void AddUseCandidate()
    {
        BeginAttribute(StunAttributeType.UseCandidate, 0);
        EndAttribute(0);
    }

    public void AddIceControlling(ulong tieBreaker) => AddUInt64(StunAttributeType.IceControlling, tieBreaker);

    public void AddIceControlled(ulong tieBreaker) => AddUInt64(StunAttributeType.IceControlled, tieBreaker);

    public void AddXorMappedAddress(IPEndPoint endPoint)
    {
        var length = StunXorAddress.EncodedLength(endPoint.AddressFamily);
        var value = BeginAttribute(StunAttributeType.XorMappedAddress, length);
        StunXorAddress.Encode(endPoint, _buffer.Slice(8, StunConstants.TransactionIdLength), value);
        EndAttribute(length);
    }

    public void AddErrorCode(int code, string reason)
    {
        if (code < 300 || code > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(code), "STUN error codes are 300 to 699.");
        }

        var reasonLength = Encoding.UTF8.GetByteCount(reason);
        var value = BeginAttribute(StunAttributeType.ErrorCode, 4 + reasonLength);
        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        Encoding.UTF8.GetBytes(reason, value[4..]);
        EndAttribute(4 + reasonLength);
    }

    public void AddMessageIntegrity(ReadOnlySpan<byte> key)
    {
        EnsureRoom(4 + StunConstants.MessageIntegrityLength);
        Span<byte> mac = stackalloc byte[StunConstants.MessageIntegrityLength];
        StunMessage.ComputeMessageIntegrity(_buffer[.._length], key, mac);
        AddAttribute(StunAttributeType.MessageIntegrity, mac);
    }

    public void AddFingerprint()
    {
        var value = BeginAttribute(StunAttributeType.Fingerprint, StunConstants.FingerprintLength);
        // The length field must count FINGERPRINT before the CRC is taken.
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(_length + 8 - StunConstants.HeaderLength));
        var crc = Crc32.Compute(_buffer[.._length]) ^ StunConstants.FingerprintXor;
        BinaryPrimitives.WriteUInt32BigEndian(value, crc);
        EndAttribute(StunConstants.FingerprintLength);
    }

    private void AddString(ushort type, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        Encoding.UTF8.GetBytes(text, BeginAttribute(type, length));
        EndAttribute(length);
    }

    private void AddUInt64(ushort type, ulong number)
    {
        BinaryPrimitives.WriteUInt64BigEndian(BeginAttribute(type, 8), number);
        EndAttribute(8);
    }

    private readonly Span<byte> BeginAttribute(ushort type, int valueLength)
    {
        if (valueLength > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(valueLength), "A STUN attribute holds at most 65535 bytes.");
        }

        EnsureRoom(4 + StunConstants.Padded(valueLength));
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_length..], type);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[(_length + 2)..], (ushort)valueLength);
        return _buffer.Slice(_length + 4, valueLength);
    }

    private void EndAttribute(int valueLength)
    {
        var padded = StunConstants.Padded(valueLength);
        _buffer.Slice(_length + 4 + valueLength, padded - valueLength).Fill(Padding);
        _length += 4 + padded;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(_length - StunConstants.HeaderLength));
    }

    private readonly void EnsureRoom(int bytes)
    {
        if (_buffer.Length - _length < bytes || _length + bytes - StunConstants.HeaderLength > ushort.MaxValue)
        {
            throw new ArgumentException("The buffer is too small for this STUN message.");
        }
    }
}
