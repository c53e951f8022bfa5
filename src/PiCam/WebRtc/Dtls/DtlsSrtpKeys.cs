using PiCam.WebRtc.Srtp;

namespace PiCam.WebRtc.Dtls;

/// <summary>
/// Splits DTLS-SRTP keying material (RFC 5764 §4.2: client key, server key, client salt, server salt)
/// into the server's two SRTP contexts: it protects with the server's keys and unprotects with the client's.
/// </summary>
internal static class DtlsSrtpKeys
{
    public static (SrtpContext Outbound, SrtpContext Inbound) ForServer(SrtpProfile profile, ReadOnlySpan<byte> material)
    {
        var key = SrtpProfiles.MasterKeyLength;
        var salt = SrtpProfiles.MasterSaltLength(profile);
        if (material.Length != 2 * (key + salt))
        {
            throw new ArgumentException($"{profile} needs {2 * (key + salt)} bytes of keying material.", nameof(material));
        }

        var clientKey = material[..key];
        var serverKey = material.Slice(key, key);
        var clientSalt = material.Slice(2 * key, salt);
        var serverSalt = material.Slice(2 * key + salt, salt);
        return (new SrtpContext(profile, serverKey, serverSalt), new SrtpContext(profile, clientKey, clientSalt));
    }
}
