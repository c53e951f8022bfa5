namespace PiCam.Platform;

/// <summary>Reads the one-line files of /sys and /proc; a file that is absent or unreadable is null, never an error.</summary>
internal static class SysFs
{
    public static string? ReadFirstLine(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            return reader.ReadLine()?.Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
