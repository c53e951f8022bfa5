namespace PiCam.Agent.Messages;

/// <summary>The answer of <c>POST /api/pairing/generate</c>: <c>{"code": "123456", "expires_in": 600}</c>.</summary>
internal sealed class PairingResponse
{
    public string? Code { get; set; }

    public string? PairingCode { get; set; }

    public int? ExpiresIn { get; set; }
}
