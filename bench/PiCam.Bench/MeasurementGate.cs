namespace PiCam.Bench;

/// <summary>Process-wide switch: viewers record frames, bytes and lag only while it is open.</summary>
internal static class MeasurementGate
{
    private static volatile bool open;

    public static bool IsOpen => open;

    public static void Open() => open = true;

    public static void Close() => open = false;
}
