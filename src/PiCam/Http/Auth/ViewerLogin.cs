using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using PiCam.Config;

namespace PiCam.Http.Auth;

/// <summary>
/// The viewer login policy, decided once from <c>VIEWER_USER</c>, <c>VIEWER_PASSWORD_HASH</c> and
/// <c>VIEWER_PASSWORD</c>:
/// <list type="bullet">
/// <item>none set: <see cref="LoginMode.Off"/>;</item>
/// <item>a user and a well-formed hash: <see cref="LoginMode.On"/>;</item>
/// <item>a user and a plain password: <see cref="LoginMode.On"/>, and a configuration problem asking for a hash;</item>
/// <item>a configuration file that exists but could not be read (it may hold a login we cannot see):
/// <see cref="LoginMode.Misconfigured"/>;</item>
/// <item>anything else (a malformed hash, a user without a password, a password without a user):
/// <see cref="LoginMode.Misconfigured"/>. That fails closed: whoever set a <c>VIEWER_*</c> key wanted a
/// login, and a typo must not open the camera to the internet.</item>
/// </list>
/// Problems name keys, never values: a hash key may hold a plain password pasted in the wrong place.
/// </summary>
internal sealed class ViewerLogin
{
    public const string ProblemOwner = "viewer-login";

    private readonly byte[] _userDigest = [];
    private readonly PasswordHash? _hash;
    private readonly byte[]? _plainDigest;
    private readonly VerifiedCredentials _verified;

    public ViewerLogin(PicamSettings settings, ConfigProblems problems, TimeProvider time, ILogger<ViewerLogin> logger)
        : this(settings, problems, new VerifiedCredentials(time), logger, new DeviceCookie(time))
    {
    }

    /// <summary>For tests: the cache of verified credentials to use.</summary>
    internal ViewerLogin(PicamSettings settings, ConfigProblems problems, VerifiedCredentials verified, ILogger<ViewerLogin> logger, DeviceCookie? devices = null)
    {
        _verified = verified;
        Devices = devices ?? new DeviceCookie(TimeProvider.System);
        Challenge = $"Basic realm=\"{Realm(settings.Name)}\", charset=\"UTF-8\"";
        var (user, hash, plain) = (settings.ViewerUser, settings.ViewerPasswordHash, settings.ViewerPassword);
        ConfigProblem? problem = null;
        if (settings.ConfigReadProblem is { } unreadable)
        {
            // The file's own problem is already listed (key "config"); this only keeps everyone out.
            Mode = LoginMode.Misconfigured;
            Refusal = $"Nobody can watch until picam can read its configuration, because it may set a viewer password.\n{unreadable}\n"
                + $"Fix {settings.ConfigPath} (picam.env on the SD card's boot partition) and restart picam.\n";
            problems.Set(ProblemOwner, null);
            return;
        }

        if (user is null && hash is null && plain is null)
        {
            Mode = LoginMode.Off;
        }
        else if (user is null)
        {
            Mode = LoginMode.Misconfigured;
            problem = new ConfigProblem("VIEWER_USER", $"is missing or invalid but {(hash is null ? "VIEWER_PASSWORD" : "VIEWER_PASSWORD_HASH")} is set; nobody can watch until VIEWER_USER names the viewer (or the password key is removed)");
        }
        else if (hash is null && plain is null)
        {
            Mode = LoginMode.Misconfigured;
            problem = new ConfigProblem("VIEWER_USER", "is set but VIEWER_PASSWORD_HASH is not; nobody can watch until it is (run `picam hash-password`) or VIEWER_USER is removed");
        }
        else if (hash is not null && !PasswordHash.TryParse(hash, out _hash, out var error))
        {
            Mode = LoginMode.Misconfigured;
            problem = new ConfigProblem("VIEWER_PASSWORD_HASH", $"is not a hash from `picam hash-password` ({error}); nobody can watch until it is fixed");
        }
        else
        {
            Mode = LoginMode.On;
            _userDigest = Digest(user);
            if (_hash is null)
            {
                _plainDigest = Digest(plain!);
                problem = new ConfigProblem("VIEWER_PASSWORD", "holds a plain password; run `picam hash-password` and use VIEWER_PASSWORD_HASH");
            }
            else if (plain is not null)
            {
                problem = new ConfigProblem("VIEWER_PASSWORD", "is ignored because VIEWER_PASSWORD_HASH is set; delete the plain password from the file");
            }

            AuthLog.LoginOn(logger, AuthLog.Printable(user), _hash is null ? "plain password" : "password hash");
        }

        problems.Set(ProblemOwner, problem);
        Problem = problem;
        if (problem is not null && Mode == LoginMode.Misconfigured)
        {
            // 503, not 401: a 401 would make the browser ask for a password that cannot work, and the owner would
            // retry, get rate-limited and conclude the password is wrong. This names the key to fix (no values)
            // and the file, which they can read back from the SD card.
            Refusal = $"Viewer login is misconfigured, so nobody can watch until it is fixed.\n{problem.Key}: {problem.Message}.\n"
                + $"Edit {settings.ConfigPath} (picam.env on the SD card's boot partition) and restart picam.\n";
        }
    }

    public LoginMode Mode { get; }

    /// <summary>Whether requests need credentials: on, or failing closed.</summary>
    public bool Required => Mode != LoginMode.Off;

    /// <summary>The <c>WWW-Authenticate</c> value: the camera's name as the realm, ASCII, quotes escaped.</summary>
    public string Challenge { get; }

    /// <summary>The problem this policy put on <c>/status</c>, if any.</summary>
    public ConfigProblem? Problem { get; }

    /// <summary>The 503 body while <see cref="LoginMode.Misconfigured"/>; otherwise null.</summary>
    public string? Refusal { get; }

    /// <summary>The cookies that let a browser which logged in before through while its address is blocked.</summary>
    public DeviceCookie Devices { get; }

    /// <summary>Whether <see cref="Check"/> is slow (PBKDF2) and belongs on <see cref="PasswordCheckQueue"/>; a plain password is one SHA-256.</summary>
    public bool NeedsSlowCheck => _hash is not null;

    public LoginReport Report(bool encrypted) => new(Required, encrypted);

    /// <summary>
    /// Whether the credentials are the viewer's. The user name is compared by fixed-length digest in constant
    /// time, and the password is always checked too, so the timing does not tell a wrong user from a wrong
    /// password. A PBKDF2 success is remembered for a few minutes; a failure never is.
    /// </summary>
    public bool Verify(string user, string password) => IsRemembered(user, password) || Check(user, password);

    /// <summary>Whether these credentials passed the slow check within the last few minutes: one HMAC, no PBKDF2.</summary>
    public bool IsRemembered(string user, string password) => Mode == LoginMode.On && _hash is not null && _verified.Contains(user, password);

    /// <summary>The full check (PBKDF2 when a hash is set), remembered on success; see <see cref="Verify"/>.</summary>
    public bool Check(string user, string password)
    {
        if (Mode != LoginMode.On)
        {
            return false;
        }

        var userMatches = CryptographicOperations.FixedTimeEquals(Digest(user), _userDigest);
        var passwordMatches = _hash is not null
            ? _hash.Verify(password)
            : CryptographicOperations.FixedTimeEquals(Digest(password), _plainDigest);
        if (!(userMatches & passwordMatches))
        {
            return false;
        }

        if (_hash is not null)
        {
            _verified.Add(user, password);
        }

        return true;
    }

    private static byte[] Digest(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    /// <summary>Kestrel refuses non-ASCII header values, so other letters become '?'; quotes and backslashes are escaped.</summary>
    private static string Realm(string name)
    {
        var realm = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c is '"' or '\\')
            {
                realm.Append('\\');
            }

            realm.Append(c is >= ' ' and <= '~' ? c : '?');
        }

        return realm.ToString();
    }
}
