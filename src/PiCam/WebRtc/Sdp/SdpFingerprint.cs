using System.Globalization;
using System.Text;

namespace PiCam.WebRtc.Sdp;

/// <summary>
/// <c>a=fingerprint:</c> values (RFC 8122 §5): a hash function name and the certificate's hash as
/// colon-separated uppercase hex pairs.
/// </summary>
internal sealed record SdpFingerprint(string Algorithm, byte[] Hash)
{
    private static readonly Dictionary<string, int> Lengths = new()
    {
        ["sha-1"] = 20, ["sha-224"] = 28, ["sha-256"] = 32, ["sha-384"] = 48, ["sha-512"] = 64,
    };

    public static bool TryParse(string value, out SdpFingerprint? fingerprint)
    {
        fingerprint = null;
        var parts = value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !Lengths.TryGetValue(parts[0].ToLowerInvariant(), out var length))
        {
            return false;
        }

        var pairs = parts[1].Split(':');
        if (pairs.Length != length)
        {
            return false;
        }

        var hash = new byte[length];
        for (var i = 0; i < length; i++)
        {
            if (pairs[i].Length != 2 || !byte.TryParse(pairs[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out hash[i]))
            {
                return false;
            }
        }

        fingerprint = new SdpFingerprint(parts[0].ToLowerInvariant(), hash);
        return true;
    }

    public override string ToString()
    {
        var text = new StringBuilder(Algorithm).Append(' ');
        for (var i = 0; i < Hash.Length; i++)
        {
            text.Append(i == 0 ? "" : ":").Append(Hash[i].ToString("X2", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
