using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace PiCam.Config;

/// <summary>
/// Turns raw strings into <see cref="PicamSettings"/>. An invalid value falls back to its default and
/// becomes a <see cref="ConfigProblem"/>; nothing here throws for bad input.
/// </summary>
internal sealed partial class SettingsReader
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

        var port = Int("PORT", raw.Port, 0, 65535, defaults.Port, "a port number (0 lets the system choose a free one)");
        var httpPort = Int("HTTP_PORT", raw.HttpPort, 1, 65535, defaults.HttpPort, "a port number");
        var certbotDomain = CertbotDomain(raw.CertbotDomain, port, httpPort);
        if (certbotDomain is not null && keyFile is null && certFile is null)
        {
            // Where picam-certbot's deploy hook installs the certificate (overlay/usr/lib/picam/certbot-lib.sh).
            keyFile = PiCam.Http.Acme.AcmePaths.KeyFile;
            certFile = PiCam.Http.Acme.AcmePaths.CertFile;
        }

        return defaults with
        {
            Name = Name(raw.Name, defaults.Name),
            Port = port,
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
            HttpPort = httpPort,
            CertbotDomain = certbotDomain,
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
            AcmeWebroot = AbsolutePath("ACME_WEBROOT", raw.AcmeWebroot) ?? defaults.AcmeWebroot,
            WebRtcPort = Int("WEBRTC_PORT", raw.WebRtcPort, 0, 65535, defaults.WebRtcPort, "a UDP port number (0 turns WebRTC off)"),
            WebRtcMaxSessions = Int("WEBRTC_MAX_SESSIONS", raw.WebRtcMaxSessions, 1, 1000, defaults.WebRtcMaxSessions, "a number of WebRTC viewers"),
            WebRtcAddresses = WebRtcAddressList(raw.WebRtcAddresses),
            BackendUrl = BackendUrl(raw.BackendUrl),
            BackendCaFile = Path(raw.BackendCaFile),
            DeviceId = DeviceId(raw.DeviceId),
            DeviceToken = DeviceToken(raw.DeviceToken),
            DataDir = AbsolutePath("DATA_DIR", raw.DataDir) ?? defaults.DataDir,
            ConfigPath = configPath,
        };
    }

    private IReadOnlyList<string> WebRtcAddressList(string? value)
    {
        var addresses = new List<string>();
        foreach (var item in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (item.Length > 253 || item.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':')))
            {
                Problem("WEBRTC_ADDRESSES", $"'{item}' is not an IP address or host name; leaving it out");
                continue;
            }

            addresses.Add(item);
        }

        return addresses.Count == 0 ? [] : [.. addresses];
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

        Problem(key, $"{Printable.Quote(value)} is not {what} ({min}-{max}); using {fallback}");
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
                Problem(key, $"{Printable.Quote(value)} is not 1 or 0; using {(fallback ? 1 : 0)}");
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

        Problem("RESOLUTION", $"{Printable.Quote(value)} is not WIDTHxHEIGHT (32-4096 each, e.g. 1280x720); using {defaults.Resolution}");
        return (defaults.Width, defaults.Height);
    }

    private string Bind(string? value, string fallback)
    {
        var bind = value?.Trim();
        if (string.IsNullOrEmpty(bind) || bind == "*" || bind == "localhost" || IPAddress.TryParse(bind, out _))
        {
            return string.IsNullOrEmpty(bind) ? fallback : bind;
        }

        Problem("BIND", $"{Printable.Quote(value)} is not an IP address, localhost or *; listening on every interface");
        return fallback;
    }

    private static string? Path(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

}
