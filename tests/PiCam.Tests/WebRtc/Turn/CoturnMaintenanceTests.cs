using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using PiCam.Tests.Support;
using PiCam.WebRtc.Turn;

namespace PiCam.Tests.WebRtc.Turn;

/// <summary>The background renewals, against a real coturn, with the client's clock moved by the test.</summary>
public sealed class CoturnMaintenanceTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AsTheClockPasses_PermissionsAreRenewedAtFourMinutes_AllocationAndChannelAtNine_AndTheChannelStillCarriesData()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var coturn = await Coturn.StartAsync();
        var clock = new FakeClock();
        var (username, password) = coturn.Credentials();
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var turn = new TurnClient(client, coturn.EndPoint, username, password, NullLogger.Instance, clock);
        await turn.AllocateAsync(timeout.Token);
        await turn.BindChannelAsync((IPEndPoint)peer.LocalEndPoint!, timeout.Token);

        await AdvanceToAsync(clock, TimeSpan.FromMinutes(4) + Step);
        var permissionsAtFour = Count(coturn.Log, "CREATE_PERMISSION processed, success");
        var refreshesAtFour = Count(coturn.Log, "REFRESH processed, success");
        await AdvanceToAsync(clock, TimeSpan.FromMinutes(9) + Step);
        var log = coturn.Log;
        await turn.SendAsync((IPEndPoint)peer.LocalEndPoint!, "after renewals"u8.ToArray(), timeout.Token);
        var buffer = new byte[100];
        var received = await peer.ReceiveAsync(buffer, timeout.Token);

        Assert.True(permissionsAtFour >= 1, log);
        Assert.Equal(0, refreshesAtFour);
        Assert.True(Count(log, "REFRESH processed, success") >= 1, log);
        Assert.True(Count(log, "CHANNEL_BIND processed, success") >= 2, log);
        Assert.Equal("after renewals", System.Text.Encoding.UTF8.GetString(buffer, 0, received));
    }

    /// <summary>Moves the fake clock in 30-second steps, giving the real answers from coturn real time to arrive.</summary>
    private static async Task AdvanceToAsync(FakeClock clock, TimeSpan total)
    {
        for (var moved = TimeSpan.Zero; moved < total; moved += Step)
        {
            await Task.Delay(200);
            clock.Advance(Step);
        }

        await Task.Delay(500);
    }

    private static int Count(string log, string text) => Regex.Matches(log, Regex.Escape(text)).Count;
}
