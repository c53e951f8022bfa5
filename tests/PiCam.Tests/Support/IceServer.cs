using System.Text.Json.Nodes;

namespace PiCam.Tests.Support;

/// <summary>One entry of a <c>watch_request</c>'s <c>ice_servers</c> (docs/AGENT.md), as in the browser's RTCIceServer.</summary>
public sealed record IceServer(string Url, string? Username = null, string? Credential = null)
{
    /// <summary>The entries as the JSON array <c>ice_servers</c> (and <c>RTCConfiguration.iceServers</c>) holds.</summary>
    public static string ToJson(IEnumerable<IceServer> servers)
    {
        var array = new JsonArray();
        foreach (var server in servers)
        {
            var entry = new JsonObject { ["urls"] = server.Url };
            if (server.Username is not null)
            {
                entry["username"] = server.Username;
                entry["credential"] = server.Credential;
            }

            array.Add(entry);
        }

        return array.ToJsonString();
    }
}
