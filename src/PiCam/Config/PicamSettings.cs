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

    /// <summary>The .env file that was read (it may not exist).</summary>
    public string ConfigPath { get; init; } = ".env";

    public string Resolution => $"{Width}x{Height}";

    public bool TlsConfigured => KeyFile is not null && CertFile is not null;
}
