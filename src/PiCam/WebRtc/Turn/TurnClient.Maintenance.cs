using System.Net.Sockets;

namespace PiCam.WebRtc.Turn;

/// <summary>
/// The background loop that renews the allocation, permissions and channels as <see cref="TurnRefreshPlan"/>
/// says. It looks again at least every <see cref="MaxSleep"/>, so a permission or channel added while it
/// sleeps is seen in time (they are renewed a minute before they lapse).
/// </summary>
internal sealed partial class TurnClient
{
    private static readonly TimeSpan MaxSleep = TimeSpan.FromSeconds(30);

    private async Task MaintainAsync(CancellationToken token)
    {
        try
        {
            while (_plan.NextDue is { } due)
            {
                var wait = due - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait < MaxSleep ? wait : MaxSleep, _time, token).ConfigureAwait(false);
                }

                await RenewAsync(_plan.TakeDue(_time.GetUtcNow()), token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposing.
        }
        finally
        {
            _maintenance = null;
        }
    }

    private async Task RenewAsync(TurnRefreshPlan.Work work, CancellationToken token)
    {
        if (work.Allocation)
        {
            await TryAsync("allocation", () => RefreshAsync(null, token)).ConfigureAwait(false);
        }

        foreach (var peer in work.Permissions)
        {
            await TryAsync($"permission for {peer}", () => CreatePermissionAsync(peer, token)).ConfigureAwait(false);
        }

        foreach (var (channel, peer) in work.Channels)
        {
            await TryAsync($"channel to {peer}", () => SendChannelBindAsync(channel, peer, token)).ConfigureAwait(false);
        }
    }

    private async Task TryAsync(string what, Func<Task> renew)
    {
        try
        {
            await renew().ConfigureAwait(false);
        }
        catch (Exception e) when (e is TurnException or SocketException)
        {
            TurnLog.RenewalFailed(_logger, what, e.Message);
        }
    }
}
