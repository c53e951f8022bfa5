using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace PiCam.Config;

/// <summary>
/// Turns raw strings into <see cref="PicamSettings"/>. An invalid value falls back to its default and
/// becomes a <see cref="ConfigProblem"/>; nothing here throws for bad input.
/// </summary>
internal sealed class SettingsReader
{
    private readonly List<ConfigProblem> _problems = [];

    public IReadOnlyList<ConfigProblem> Problems => _problems;

    public static (PicamSettings Settings, IReadOnlyList<ConfigProblem> Problems) Read(IConfiguration configuration, string configPath)
    {
        var raw = new RawSettings();
        configuration.Bind(raw);
        var reader = new SettingsReader();
        return (reader.Validate(raw, configPath), reader.Problems);
    }

    public PicamSettings Validate(RawSettings raw, string configPath)
    {
        var defaults = new PicamSettings();
        var (width, height) = Resolution(raw.Resolution, defaults);
        var keyFile = Path(raw.KeyFile);
        var certFile = Path(raw.CertFile);
        if ((keyFile is null) != (certFile is null))
        {
            Problem(keyFile is null ? "KEYFILE" : "CERTFILE", "HTTPS needs both KEYFILE and CERTFILE; serving HTTP");
            keyFile = certFile = null;
        }

        return defaults with
        {
            Name = Name(raw.Name, defaults.Name),
            Port = Int("PORT", raw.Port, 1, 65535, defaults.Port, "a port number"),
            Bind = Bind(raw.Bind, defaults.Bind),
            Width = width,
            Height = height,
            Framerate = Int("FRAMERATE", raw.Framerate, 1, 120, defaults.Framerate, "frames per second"),
            Quality = Int("QUALITY", raw.Quality, 1, 100, defaults.Quality, "a JPEG quality"),
            VideoSource = VideoSource(raw.VideoSource),
            KeyFile = keyFile,
            CertFile = certFile,
            Hdr = Bool("HDR", raw.Hdr, defaults.Hdr),
            MaxClients = Int("MAX_CLIENTS", raw.MaxClients, 1, 10000, defaults.MaxClients, "a number of viewers"),
            IdleSeconds = Int("IDLE_SECONDS", raw.IdleSeconds, 0, 3600, defaults.IdleSeconds, "seconds"),
            Verbose = Bool("VERBOSE", raw.Verbose, defaults.Verbose),
            Camera = Int("CAMERA", raw.Camera, 0, 15, defaults.Camera, "a camera number"),
            Rotation = Rotation(raw.Rotation),
            HFlip = Bool("HFLIP", raw.HFlip, defaults.HFlip),
            VFlip = Bool("VFLIP", raw.VFlip, defaults.VFlip),
            StallSeconds = Int("STALL_SECONDS", raw.StallSeconds, 1, 300, defaults.StallSeconds, "seconds"),
            KeepCameraOn = Bool("KEEP_CAMERA_ON", raw.KeepCameraOn, defaults.KeepCameraOn),
            StatusLedGpio = GpioLine(raw.StatusLedGpio),
            StatusLedChip = ChipName(raw.StatusLedChip, defaults.StatusLedChip),
            StatusLedActiveLow = Bool("STATUS_LED_ACTIVE_LOW", raw.StatusLedActiveLow, defaults.StatusLedActiveLow),
            HttpPort = Int("HTTP_PORT", raw.HttpPort, 1, 65535, defaults.HttpPort, "a port number"),
            CertbotDomain = Hostname("CERTBOT_DOMAIN", raw.CertbotDomain),
            CertbotEmail = Email(raw.CertbotEmail),
            CertbotStaging = Bool("CERTBOT_STAGING", raw.CertbotStaging, defaults.CertbotStaging),
            CertbotServer = HttpsUrl("CERTBOT_SERVER", raw.CertbotServer),
            CertPeers = CertPeerList(raw.CertPeers),
            Peers = PeerList(raw.Peers),
            DuckDnsDomains = DuckDnsDomainList(raw.DuckDnsDomains),
            DuckDnsToken = Path(raw.DuckDnsToken),
            DuckDnsUrl = HttpsUrl("DUCKDNS_URL", raw.DuckDnsUrl, allowHttp: true) ?? defaults.DuckDnsUrl,
            ViewerUser = ViewerUser(raw.ViewerUser),
            ViewerPasswordHash = Path(raw.ViewerPasswordHash),
            ViewerPassword = Path(raw.ViewerPassword),
            ConfigPath = configPath,
        };
    }

    private void Problem(string key, string message) => _problems.Add(new ConfigProblem(key, message));

    private string Name(string? value, string fallback)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        var name = value.Trim();
        if (name.Length > 64 || name.Any(char.IsControl))
        {
            Problem("NAME", $"must be at most 64 printable characters; using '{fallback}'");
            return fallback;
        }

        return name;
    }

    private int Int(string key, string? value, int min, int max, int fallback, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        Problem(key, $"'{value}' is not {what} ({min}-{max}); using {fallback}");
        return fallback;
    }

    private bool Bool(string key, string? value, bool fallback)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "":
                return fallback;
            case "1" or "true" or "yes" or "on":
                return true;
            case "0" or "false" or "no" or "off":
                return false;
            default:
                Problem(key, $"'{value}' is not 1 or 0; using {(fallback ? 1 : 0)}");
                return fallback;
        }
    }

    private (int Width, int Height) Resolution(string? value, PicamSettings defaults)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return (defaults.Width, defaults.Height);
        }

        var parts = value.Trim().ToLowerInvariant().Split('x');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            && width is >= 32 and <= 4096 && height is >= 32 and <= 4096)
        {
            return (width, height);
        }

        Problem("RESOLUTION", $"'{value}' is not WIDTHxHEIGHT (32-4096 each, e.g. 1280x720); using {defaults.Resolution}");
        return (defaults.Width, defaults.Height);
    }

    private string Bind(string? value, string fallback)
    {
        var bind = value?.Trim();
        if (string.IsNullOrEmpty(bind) || bind == "*" || bind == "localhost" || IPAddress.TryParse(bind, out _))
        {
            return string.IsNullOrEmpty(bind) ? fallback : bind;
        }

        Problem("BIND", $"'{value}' is not an IP address, localhost or *; listening on every interface");
        return fallback;
    }

    private VideoSourceSpec VideoSource(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return DefaultVideoSource;
        }

        var colon = text.IndexOf(':');
        var kind = (colon < 0 ? text : text[..colon]).Trim().ToLowerInvariant();
        var argument = colon < 0 ? null : text[(colon + 1)..].Trim();
        switch (kind)
        {
            case "simulator" when argument is null:
                return VideoSourceSpec.Simulator;
            case "auto" when argument is null:
                return new VideoSourceSpec(VideoSourceKind.Auto);
            case "picamera" when argument is null:
                return new VideoSourceSpec(VideoSourceKind.PiCamera);
            case "webcam" when string.IsNullOrEmpty(argument) || argument.StartsWith("/dev/", StringComparison.Ordinal):
                return new VideoSourceSpec(VideoSourceKind.Webcam, string.IsNullOrEmpty(argument) ? null : argument);
            case "command" when !string.IsNullOrEmpty(argument):
                if (CommandLine.Split(argument) is { Count: > 0 })
                {
                    return new VideoSourceSpec(VideoSourceKind.Command, argument);
                }

                break;
            case "file" when !string.IsNullOrEmpty(argument):
                if (File.Exists(argument))
                {
                    return new VideoSourceSpec(VideoSourceKind.File, argument);
                }

                Problem("VIDEO_SOURCE", $"file '{argument}' does not exist; using the simulator");
                return VideoSourceSpec.Simulator;
        }

        var what = KnownSources.Contains(kind)
            ? $"'{text}' does not fit the form of {kind}"
            : NearMiss.Suggest(kind, KnownSources) is { } hint ? $"'{text}' is not a video source (did you mean '{hint}'?)" : $"'{text}' is not a video source";
        Problem("VIDEO_SOURCE", $"{what}; expected auto, picamera, webcam[:/dev/videoN], command:PROGRAM ARGS, file:PATH or simulator; using {DefaultVideoSource}");
        return DefaultVideoSource;
    }

    private static readonly string[] KnownSources = ["auto", "picamera", "webcam", "command", "file", "simulator"];

    /// <summary><c>auto</c> on a Raspberry Pi, the simulator anywhere else.</summary>
    public static VideoSourceSpec DefaultVideoSource { get; set; } =
        IsRaspberryPi() ? new VideoSourceSpec(VideoSourceKind.Auto) : VideoSourceSpec.Simulator;

    private static bool IsRaspberryPi()
    {
        try
        {
            return File.ReadAllText("/proc/device-tree/model").Contains("Raspberry Pi", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private int? GpioLine(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var line) && line <= 511)
        {
            return line;
        }

        Problem("STATUS_LED_GPIO", $"'{value}' is not a GPIO line number (0-511, BCM numbering); no status light");
        return null;
    }

    private int Rotation(string? value)
    {
        var rotation = Int("ROTATION", value, 0, 359, 0, "a rotation");
        if (rotation is 0 or 180)
        {
            return rotation;
        }

        Problem("ROTATION", $"'{value}' is not supported: the camera can rotate by 0 or 180 (use HFLIP/VFLIP to mirror); using 0");
        return 0;
    }

    private string ChipName(string? value, string fallback)
    {
        var chip = value?.Trim();
        if (string.IsNullOrEmpty(chip))
        {
            return fallback;
        }

        if (chip.StartsWith("gpiochip", StringComparison.Ordinal) && chip.Length > 8 && chip[8..].All(char.IsAsciiDigit))
        {
            return chip;
        }

        Problem("STATUS_LED_CHIP", $"'{value}' is not a GPIO chip name like gpiochip0; using {fallback}");
        return fallback;
    }

    private static string? Path(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private string? Hostname(string key, string? value)
    {
        var name = Path(value)?.ToLowerInvariant();
        if (name is null)
        {
            return null;
        }

        if (Uri.CheckHostName(name) == UriHostNameType.Dns && name.Contains('.', StringComparison.Ordinal))
        {
            return name;
        }

        Problem(key, $"'{value}' is not a public host name like mycam.duckdns.org; no certificate is requested");
        return null;
    }

    private string? Email(string? value)
    {
        var email = Path(value);
        if (email is null || (email.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < email.Length - 1 && !email.Any(char.IsWhiteSpace)))
        {
            return email;
        }

        Problem("CERTBOT_EMAIL", $"'{value}' is not an e-mail address; registering without one");
        return null;
    }

    private string? HttpsUrl(string key, string? value, bool allowHttp = false)
    {
        var text = Path(value);
        if (text is null)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (allowHttp && uri.Scheme == Uri.UriSchemeHttp)))
        {
            return text;
        }

        Problem(key, $"'{value}' is not an {(allowHttp ? "http(s)" : "https")} URL; using the default");
        return null;
    }

    private List<string> CertPeerList(string? value)
    {
        var peers = new List<string>();
        foreach (var peer in (value ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = peer.Split(':');
            if (parts.Length <= 2 && Uri.CheckHostName(parts[0]) != UriHostNameType.Unknown
                && (parts.Length == 1 || (int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536)))
            {
                peers.Add(peer);
            }
            else
            {
                Problem("CERT_PEERS", $"'{peer}' is not host or host:sshport; skipped");
            }
        }

        return peers;
    }

    private List<PeerCamera> PeerList(string? value)
    {
        var peers = new List<PeerCamera>();
        foreach (var item in (value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && Uri.TryCreate(item[(equals + 1)..], UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
            {
                peers.Add(new PeerCamera(item[..equals].Replace('_', ' '), url));
            }
            else
            {
                Problem("PEERS", $"'{item}' is not Name=URL (e.g. Garden=https://garden.example.org:8443/); skipped");
            }
        }

        return peers;
    }

    private List<string> DuckDnsDomainList(string? value)
    {
        var domains = new List<string>();
        foreach (var item in (value ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            var name = item.EndsWith(".duckdns.org", StringComparison.OrdinalIgnoreCase) ? item[..^".duckdns.org".Length] : item;
            if (name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                domains.Add(name.ToLowerInvariant());
            }
            else
            {
                Problem("DUCKDNS_DOMAINS", $"'{item}' is not a DuckDNS name like mycam or mycam.duckdns.org; skipped");
            }
        }

        return domains;
    }

    private string? ViewerUser(string? value)
    {
        var user = Path(value);
        if (user is null || (!user.Contains(':', StringComparison.Ordinal) && !user.Any(char.IsControl)))
        {
            return user;
        }

        Problem("VIEWER_USER", "a user name may not contain ':' or control characters; login is off");
        return null;
    }
}
