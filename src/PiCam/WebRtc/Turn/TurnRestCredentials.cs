using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PiCam.WebRtc.Turn;

/// <summary>
/// Time-limited TURN credentials as coturn's <c>use-auth-secret</c> checks them (the "TURN REST API"
/// draft): the username is "&lt;expiry unix time&gt;:&lt;name&gt;" and the password is
/// base64(HMAC-SHA1(shared secret, username)). Whoever knows the secret can mint them; the server needs
/// no user database and refuses them after the expiry.
/// </summary>
internal static class TurnRestCredentials
{
    public static (string Username, string Password) Create(string secret, string name, DateTimeOffset expiry)
    {
        var username = string.Create(CultureInfo.InvariantCulture, $"{expiry.ToUnixTimeSeconds()}:{name}");
        return (username, Password(secret, username));
    }

    public static string Password(string secret, string username) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
}
