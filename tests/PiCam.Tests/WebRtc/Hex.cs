namespace PiCam.Tests.WebRtc;

/// <summary>Hex as the RFCs print it (spaces and line breaks allowed) to bytes.</summary>
internal static class Hex
{
    public static byte[] Bytes(string text) =>
        Convert.FromHexString(string.Concat(text.Where(c => !char.IsWhiteSpace(c))));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
