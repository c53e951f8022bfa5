using System.Collections.Concurrent;

namespace PiCam.WebRtc.Turn;

/// <summary>
/// Outstanding requests by transaction ID. <see cref="RunAsync"/> sends a request, resends it on the
/// <see cref="StunRetransmission"/> schedule (its own, or one given for this request), and returns the first response the receive loop hands to
/// <see cref="TryComplete"/>; null when every wait ran out.
/// </summary>
internal sealed class StunTransactions(StunRetransmission schedule, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<byte[]>> _pending = new();

    public int Count => _pending.Count;

    public async Task<byte[]?> RunAsync(
        ReadOnlyMemory<byte> transactionId, ReadOnlyMemory<byte> request,
        Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> send, CancellationToken token, StunRetransmission? only = null)
    {
        var plan = only ?? schedule;
        var key = Convert.ToHexString(transactionId.Span);
        var answer = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[key] = answer;
        try
        {
            for (var i = 0; i < plan.Transmissions; i++)
            {
                await send(request, token).ConfigureAwait(false);
                try
                {
                    return await answer.Task.WaitAsync(plan.WaitAfter(i), time, token).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Resend, or give up after the last wait.
                }
            }

            return null;
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    /// <summary>True when a request was waiting for this response (a late or unknown one is false).</summary>
    public bool TryComplete(ReadOnlySpan<byte> transactionId, byte[] response) =>
        _pending.TryGetValue(Convert.ToHexString(transactionId), out var answer) && answer.TrySetResult(response);
}
