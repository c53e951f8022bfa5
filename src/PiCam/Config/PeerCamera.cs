namespace PiCam.Config;

/// <summary>Another camera shown on the viewer page: its name and the base URL of its own page.</summary>
internal sealed record PeerCamera(string Name, Uri Url);
