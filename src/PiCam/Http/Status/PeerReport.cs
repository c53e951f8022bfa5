namespace PiCam.Http.Status;

/// <summary>Another camera on the viewer page: its name and its page's base URL (from <c>PEERS</c>).</summary>
internal sealed record PeerReport(string Name, string Url);
