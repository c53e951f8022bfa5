namespace PiCam.Config;

/// <summary>The validated configuration. Every value here is usable; what was wrong is in <see cref="ConfigProblems"/>.</summary>
internal sealed record PicamSettings
{
    public const string DefaultName = "Picamera";
    public const int DefaultPort = 8000;

    public string Name { get; init; } = DefaultName;
    public int Port { get; init; } = DefaultPort;

    /// <summary>An IP address, <c>localhost</c>, or <c>*</c> for every interface.</summary>
    public string Bind { get; init; } = "*";
    public int Width { get; init; } = 960;
    public int Height { get; init; } = 540;
    public int Framerate { get; init; } = 30;
    public int Quality { get; init; } = 80;
    public VideoSourceSpec VideoSource { get; init; } = VideoSourceSpec.Simulator;
    public string? KeyFile { get; init; }
    public string? CertFile { get; init; }
    public bool Hdr { get; init; }
    public int MaxClients { get; init; } = 50;
    public int IdleSeconds { get; init; } = 10;
    public bool Verbose { get; init; }

    /// <summary>The one UDP port every WebRTC session shares; 0 turns WebRTC (and <c>/whep</c>) off.</summary>
    public int WebRtcPort { get; init; } = 8189;

    public int WebRtcMaxSessions { get; init; } = 8;

    /// <summary>Extra ICE host candidates (a forwarded public address or a DNS name), besides the machine's own addresses.</summary>
    public IReadOnlyList<string> WebRtcAddresses { get; init; } = [];

    /// <summary>Which Pi camera (<c>rpicam-vid --camera N</c>).</summary>
    public int Camera { get; init; }

    /// <summary>0 or 180 degrees.</summary>
    public int Rotation { get; init; }
    public bool HFlip { get; init; }
    public bool VFlip { get; init; }

    /// <summary>A camera that yields no frame for this long is restarted.</summary>
    public int StallSeconds { get; init; } = 5;

    /// <summary>Keep the camera running with nobody watching, for instant snapshots.</summary>
    public bool KeepCameraOn { get; init; }

    /// <summary>The BCM line of the privacy light, or null for none.</summary>
    public int? StatusLedGpio { get; init; }
    public string StatusLedChip { get; init; } = "gpiochip0";
    public bool StatusLedActiveLow { get; init; }

    /// <summary>The plain-HTTP port that answers ACME challenges and redirects to HTTPS (when HTTPS is on).</summary>
    public int HttpPort { get; init; } = 80;

    /// <summary>The public name to get a Let's Encrypt certificate for, or null.</summary>
    public string? CertbotDomain { get; init; }
    public string? CertbotEmail { get; init; }
    public bool CertbotStaging { get; init; }

    /// <summary>An ACME directory URL other than Let's Encrypt's (a test server, another CA).</summary>
    public string? CertbotServer { get; init; }

    /// <summary>certbot's <c>--webroot</c>, from which the plain-HTTP port answers ACME challenges.</summary>
    public string AcmeWebroot { get; init; } = PiCam.Http.Acme.AcmePaths.DefaultWebroot;

    /// <summary>Other cameras that receive renewed certificates over SSH: host or host:port.</summary>
    public IReadOnlyList<string> CertPeers { get; init; } = Array.Empty<string>();

    /// <summary>Other cameras listed on the viewer page.</summary>
    public IReadOnlyList<PeerCamera> Peers { get; init; } = Array.Empty<PeerCamera>();

    public IReadOnlyList<string> DuckDnsDomains { get; init; } = Array.Empty<string>();
    public string? DuckDnsToken { get; init; }
    public string DuckDnsUrl { get; init; } = "https://www.duckdns.org/update";

    /// <summary>HTTP Basic login for viewers: the user, and a PBKDF2 hash (<c>picam hash-password</c>) or a plain password.</summary>
    public string? ViewerUser { get; init; }
    public string? ViewerPasswordHash { get; init; }
    public string? ViewerPassword { get; init; }

    public bool LoginRequired => ViewerUser is not null && (ViewerPasswordHash is not null || ViewerPassword is not null);

    /// <summary>The backend's device socket (<c>ws://</c> or <c>wss://…/ws/device</c>); null leaves the agent off.</summary>
    public Uri? BackendUrl { get; init; }

    /// <summary>A PEM file of extra certificate authorities trusted for <c>wss://</c>, besides the system's.</summary>
    public string? BackendCaFile { get; init; }

    /// <summary>The agent's device ID, or null to use the one generated and kept in <see cref="DataDir"/>.</summary>
    public string? DeviceId { get; init; }

    /// <summary>The secret the agent proves itself with. Never logged, never in /status or /metrics.</summary>
    public string? DeviceToken { get; init; }

    /// <summary>Persistent state (the generated device ID): the appliance's data partition.</summary>
    public string DataDir { get; init; } = DefaultDataDir;

    public const string ApplianceDataDir = "/var/lib/picam";

    /// <summary>/var/lib/picam where it exists (the appliance), else the user's state directory.</summary>
    public static string DefaultDataDir { get; } = Directory.Exists(ApplianceDataDir)
        ? ApplianceDataDir
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } state ? state
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state"), "picam");

    /// <summary>The .env file that was read (it may not exist).</summary>
    public string ConfigPath { get; init; } = ".env";

    /// <summary>Why the .env file exists but could not be read, or null. The login then fails closed: the file may set one.</summary>
    public string? ConfigReadProblem { get; init; }

    public string Resolution => $"{Width}x{Height}";

    public bool TlsConfigured => KeyFile is not null && CertFile is not null;
}
