namespace PiCam.Agent.Messages;

/// <summary>The backend's answer to hello. <c>paired: false</c> means the device needs a pairing code.</summary>
internal sealed class HelloAckPayload
{
    public bool? Paired { get; set; }
}
