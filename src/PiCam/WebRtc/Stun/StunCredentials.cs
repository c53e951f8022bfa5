using System.Security.Cryptography;
using System.Text;

namespace PiCam.WebRtc.Stun;

/// <summary>MESSAGE-INTEGRITY keys (RFC 8489 §9.1.1 and §9.2.2).</summary>
internal static class StunCredentials
{
    /// <summary>ICE uses short-term credentials: the key is the password's UTF-8 bytes.</summary>
    public static byte[] ShortTermKey(string password) => Encoding.UTF8.GetBytes(password);

    /// <summary>
    /// TURN uses long-term credentials: MD5(username ":" realm ":" password). The strings are taken as
    /// given; callers pass them already prepared (OpaqueString), as TURN REST credentials are ASCII.
    /// </summary>
    public static byte[] LongTermKey(string username, string realm, string password) =>
        MD5.HashData(Encoding.UTF8.GetBytes($"{username}:{realm}:{password}"));
}
