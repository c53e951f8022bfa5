namespace PiCam.Config;

/// <summary>Validation of the device agent's keys: BACKEND_URL, DEVICE_ID and DEVICE_TOKEN.</summary>
internal sealed partial class SettingsReader
{
    public const int MaxDeviceIdLength = 64;
    public const int MaxDeviceTokenLength = 4096;

    private Uri? BackendUrl(string? value)
    {
        var text = Path(value);
        if (text is null)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == "ws" || uri.Scheme == "wss")
            && uri.AbsolutePath.TrimEnd('/').EndsWith("/ws/device", StringComparison.Ordinal) && string.IsNullOrEmpty(uri.UserInfo))
        {
            return uri;
        }

        Problem("BACKEND_URL", $"{Printable.Quote(UrlCredentials.Redact(text))} is not a backend's device socket like wss://backend.example.org/ws/device (ws:// or wss://, ending in /ws/device, no user:password); the agent stays off");
        return null;
    }

    private string? DeviceId(string? value)
    {
        var id = Path(value);
        if (id is null || IsDeviceId(id))
        {
            return id;
        }

        Problem("DEVICE_ID", $"{Printable.Quote(id)} is not a device ID (1-{MaxDeviceIdLength} letters, digits, '-', '_' or '.'); using the generated one");
        return null;
    }

    /// <summary>Never quoted in a problem: it is a secret.</summary>
    private string? DeviceToken(string? value)
    {
        var token = Path(value);
        if (token is null || (token.Length <= MaxDeviceTokenLength && !token.Any(char.IsControl)))
        {
            return token;
        }

        Problem("DEVICE_TOKEN", $"must be at most {MaxDeviceTokenLength} printable characters; the agent connects without a token");
        return null;
    }

    public static bool IsDeviceId(string id) =>
        id.Length is > 0 and <= MaxDeviceIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && id[0] != '.';
}
