using Microsoft.Extensions.Logging;
using PiCam.Agent.Messages;

namespace PiCam.Agent;

/// <summary>
/// The way from the sessions to the backend: the connection that is up now carries their trickled candidates
/// and ends, whichever socket set them up. With none up, a message is lost (logged): the backend learns the
/// rest from the viewer, or the session ends by itself.
/// </summary>
internal sealed class AgentSignal(ILogger logger)
{
    private Sender? _current;

    /// <summary>Sends one message about a session on one connection; a lost socket loses it quietly.</summary>
    public delegate Task Sender(string type, SessionPayload payload);

    public void Attach(Sender sender) => Volatile.Write(ref _current, sender);

    /// <summary>A connection that ends stops carrying them (unless a newer one has taken over already).</summary>
    public void Detach(Sender sender) => Interlocked.CompareExchange(ref _current, null, sender);

    public Task SendAsync(string type, SessionPayload payload)
    {
        if (Volatile.Read(ref _current) is { } sender)
        {
            return sender(type, payload);
        }

        AgentLog.SignalLost(logger, type, payload.SessionId ?? "");
        return Task.CompletedTask;
    }
}
