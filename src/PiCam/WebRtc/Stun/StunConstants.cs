namespace PiCam.WebRtc.Stun;

/// <summary>Fixed sizes and values of the STUN wire format (RFC 8489 §5, §14.5, §14.7).</summary>
internal static class StunConstants
{
    public const int HeaderLength = 20;
    public const int TransactionIdLength = 12;
    public const uint MagicCookie = 0x2112A442;
    public const ushort BindingMethod = 0x001;
    public const int MessageIntegrityLength = 20;
    public const int FingerprintLength = 4;
    public const uint FingerprintXor = 0x5354554E;

    /// <summary>Types are 14 bits: the method's 12 bits interleaved with the class's 2 (RFC 8489 figure 3).</summary>
    public static ushort EncodeType(ushort method, StunClass stunClass)
    {
        var c = (int)stunClass;
        return (ushort)((method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2)
            | ((c & 1) << 4) | ((c & 2) << 7));
    }

    public static ushort DecodeMethod(ushort type) =>
        (ushort)((type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80));

    public static StunClass DecodeClass(ushort type) => (StunClass)(((type >> 4) & 1) | ((type >> 7) & 2));

    /// <summary>Attribute values are padded to a multiple of four bytes.</summary>
    public static int Padded(int length) => (length + 3) & ~3;
}
