using Microsoft.Extensions.Configuration;

namespace PiCam.Config;

/// <summary>
/// The configuration keys exactly as written, before validation. Bound by the configuration binder's
/// source generator; every property is a string so that a bad value can never make binding throw.
/// </summary>
internal sealed class RawSettings
{
    [ConfigurationKeyName("NAME")] public string? Name { get; set; }
    [ConfigurationKeyName("PORT")] public string? Port { get; set; }
    [ConfigurationKeyName("BIND")] public string? Bind { get; set; }
    [ConfigurationKeyName("RESOLUTION")] public string? Resolution { get; set; }
    [ConfigurationKeyName("FRAMERATE")] public string? Framerate { get; set; }
    [ConfigurationKeyName("QUALITY")] public string? Quality { get; set; }
    [ConfigurationKeyName("VIDEO_SOURCE")] public string? VideoSource { get; set; }
    [ConfigurationKeyName("KEYFILE")] public string? KeyFile { get; set; }
    [ConfigurationKeyName("CERTFILE")] public string? CertFile { get; set; }
    [ConfigurationKeyName("HDR")] public string? Hdr { get; set; }
    [ConfigurationKeyName("MAX_CLIENTS")] public string? MaxClients { get; set; }
    [ConfigurationKeyName("IDLE_SECONDS")] public string? IdleSeconds { get; set; }
    [ConfigurationKeyName("VERBOSE")] public string? Verbose { get; set; }
    [ConfigurationKeyName("CAMERA")] public string? Camera { get; set; }
    [ConfigurationKeyName("ROTATION")] public string? Rotation { get; set; }
    [ConfigurationKeyName("HFLIP")] public string? HFlip { get; set; }
    [ConfigurationKeyName("VFLIP")] public string? VFlip { get; set; }
    [ConfigurationKeyName("STALL_SECONDS")] public string? StallSeconds { get; set; }
    [ConfigurationKeyName("KEEP_CAMERA_ON")] public string? KeepCameraOn { get; set; }
    [ConfigurationKeyName("STATUS_LED_GPIO")] public string? StatusLedGpio { get; set; }
    [ConfigurationKeyName("STATUS_LED_CHIP")] public string? StatusLedChip { get; set; }
    [ConfigurationKeyName("STATUS_LED_ACTIVE_LOW")] public string? StatusLedActiveLow { get; set; }
    [ConfigurationKeyName("HTTP_PORT")] public string? HttpPort { get; set; }
    [ConfigurationKeyName("CERTBOT_DOMAIN")] public string? CertbotDomain { get; set; }
    [ConfigurationKeyName("CERTBOT_EMAIL")] public string? CertbotEmail { get; set; }
    [ConfigurationKeyName("CERTBOT_STAGING")] public string? CertbotStaging { get; set; }
    [ConfigurationKeyName("CERTBOT_SERVER")] public string? CertbotServer { get; set; }
    [ConfigurationKeyName("CERT_PEERS")] public string? CertPeers { get; set; }
    [ConfigurationKeyName("PEERS")] public string? Peers { get; set; }
    [ConfigurationKeyName("DUCKDNS_DOMAINS")] public string? DuckDnsDomains { get; set; }
    [ConfigurationKeyName("DUCKDNS_TOKEN")] public string? DuckDnsToken { get; set; }
    [ConfigurationKeyName("DUCKDNS_URL")] public string? DuckDnsUrl { get; set; }
    [ConfigurationKeyName("VIEWER_USER")] public string? ViewerUser { get; set; }
    [ConfigurationKeyName("VIEWER_PASSWORD_HASH")] public string? ViewerPasswordHash { get; set; }
    [ConfigurationKeyName("VIEWER_PASSWORD")] public string? ViewerPassword { get; set; }
    [ConfigurationKeyName("ACME_WEBROOT")] public string? AcmeWebroot { get; set; }
    [ConfigurationKeyName("WEBRTC_PORT")] public string? WebRtcPort { get; set; }
    [ConfigurationKeyName("WEBRTC_MAX_SESSIONS")] public string? WebRtcMaxSessions { get; set; }
    [ConfigurationKeyName("WEBRTC_ADDRESSES")] public string? WebRtcAddresses { get; set; }
    [ConfigurationKeyName("BACKEND_URL")] public string? BackendUrl { get; set; }
    [ConfigurationKeyName("BACKEND_CA_FILE")] public string? BackendCaFile { get; set; }
    [ConfigurationKeyName("DEVICE_ID")] public string? DeviceId { get; set; }
    [ConfigurationKeyName("DEVICE_TOKEN")] public string? DeviceToken { get; set; }
    [ConfigurationKeyName("DATA_DIR")] public string? DataDir { get; set; }

    /// <summary>Keys applied to the operating system at boot by <c>picam-config.service</c>, not by this program.</summary>
    public static readonly IReadOnlyList<string> SystemKeys =
    [
        "HOSTNAME", "WIFI_SSID", "WIFI_PASSWORD", "WIFI_COUNTRY", "SSH_AUTHORIZED_KEY", "TIMEZONE", "READONLY", "CERT_PEER_KEY",
    ];

    /// <summary>Every key the program itself understands.</summary>
    public static readonly IReadOnlyList<string> KnownKeys =
    [
        "NAME", "PORT", "BIND", "RESOLUTION", "FRAMERATE", "QUALITY", "VIDEO_SOURCE",
        "KEYFILE", "CERTFILE", "HDR", "MAX_CLIENTS", "IDLE_SECONDS", "VERBOSE",
        "CAMERA", "ROTATION", "HFLIP", "VFLIP", "STALL_SECONDS", "KEEP_CAMERA_ON",
        "STATUS_LED_GPIO", "STATUS_LED_CHIP", "STATUS_LED_ACTIVE_LOW",
        "HTTP_PORT", "CERTBOT_DOMAIN", "CERTBOT_EMAIL", "CERTBOT_STAGING", "CERTBOT_SERVER", "CERT_PEERS", "PEERS",
        "DUCKDNS_DOMAINS", "DUCKDNS_TOKEN", "DUCKDNS_URL", "VIEWER_USER", "VIEWER_PASSWORD_HASH", "VIEWER_PASSWORD",
        "ACME_WEBROOT", "WEBRTC_PORT", "WEBRTC_MAX_SESSIONS", "WEBRTC_ADDRESSES",
        "BACKEND_URL", "BACKEND_CA_FILE", "DEVICE_ID", "DEVICE_TOKEN", "DATA_DIR",
    ];

    /// <summary>Keys whose values are secrets: never logged, never in /status, /metrics or a problem message.</summary>
    public static readonly IReadOnlyList<string> SecretKeys = ["DUCKDNS_TOKEN", "VIEWER_PASSWORD", "VIEWER_PASSWORD_HASH", "WIFI_PASSWORD", "DEVICE_TOKEN"];
}
