namespace PiCam.Agent.Messages;

/// <summary>The backend's <c>error</c>: e.g. <c>unknown_device</c> (pairing follows) or <c>unauthorized</c>.</summary>
internal sealed class ErrorPayload
{
    public string? Code { get; set; }

    public string? Message { get; set; }
}
