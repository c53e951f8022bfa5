namespace PiCam.Http.Acme;

/// <summary>
/// Where the appliance keeps what certbot makes, shared with <c>/usr/lib/picam/certbot-*</c> (keep both in step).
/// </summary>
internal static class AcmePaths
{
    /// <summary>certbot's <c>--webroot</c>: in RAM, since challenges live for seconds and need not wear the card.</summary>
    public const string DefaultWebroot = "/run/picam/acme-webroot";

    /// <summary>Below the webroot, where certbot writes one file per token (RFC 8555 §8.3).</summary>
    public const string ChallengePath = "/.well-known/acme-challenge/";

    /// <summary>The copies the app serves (on the picam-data partition), installed by the deploy hook.</summary>
    public const string CertFile = "/var/lib/picam/tls/fullchain.pem";

    public const string KeyFile = "/var/lib/picam/tls/privkey.pem";

    /// <summary>What the last picam-certbot run could not do, one <c>KEY: message</c> a line, rewritten by every run.</summary>
    public const string ProblemsFile = "/run/picam/certbot-problems";

    public static string ChallengeDirectory(string webroot) => Path.Combine(webroot, ".well-known", "acme-challenge");
}
