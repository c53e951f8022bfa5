namespace PiCam.WebRtc.Sdp;

/// <summary>One <c>m=</c> section of an offer (RFC 8866 §5.14) and its attributes, in order.</summary>
internal sealed class SdpMediaSection
{
    public SdpMediaSection(string kind, int port, string protocol, IReadOnlyList<string> formats)
    {
        Kind = kind;
        Port = port;
        Protocol = protocol;
        Formats = formats;
    }

    public string Kind { get; }

    public int Port { get; }

    public string Protocol { get; }

    public IReadOnlyList<string> Formats { get; }

    public List<KeyValuePair<string, string>> Attributes { get; } = [];

    /// <summary>The first value of attribute <paramref name="name"/>, or null.</summary>
    public string? Attribute(string name)
    {
        foreach (var (key, value) in Attributes)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }

    public IEnumerable<string> AllAttributes(string name)
    {
        foreach (var (key, value) in Attributes)
        {
            if (key == name)
            {
                yield return value;
            }
        }
    }

    public bool HasAttribute(string name) => Attribute(name) is not null;

    /// <summary>The direction attribute, sendrecv when none is given (RFC 8866 §6.7).</summary>
    public string Direction =>
        Attributes.Select(a => a.Key).FirstOrDefault(k => k is "sendrecv" or "sendonly" or "recvonly" or "inactive") ?? "sendrecv";

    public string? Mid => Attribute("mid");
}
