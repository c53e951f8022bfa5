namespace PiCam.WebRtc.Turn;

/// <summary>The STUN methods TURN adds (RFC 8656 §17).</summary>
internal static class TurnMethod
{
    public const ushort Allocate = 0x003;
    public const ushort Refresh = 0x004;
    public const ushort Send = 0x006;
    public const ushort Data = 0x007;
    public const ushort CreatePermission = 0x008;
    public const ushort ChannelBind = 0x009;

    public static string Name(ushort method) => method switch
    {
        Allocate => "Allocate",
        Refresh => "Refresh",
        CreatePermission => "CreatePermission",
        ChannelBind => "ChannelBind",
        _ => $"method 0x{method:x3}",
    };
}
