using System.Globalization;
using System.Net.Sockets;
using System.Text;
using PiCam.Platform;
using Xunit;

namespace PiCam.Tests.Platform;

public sealed class SystemdNotifierTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly string _directory = Directory.CreateTempSubdirectory("picam-notify-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Socket Listen(string address)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(address));
        return socket;
    }

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(Timeout);
        var count = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        return Encoding.UTF8.GetString(buffer, 0, count);
    }

    [Fact]
    public async Task Notify_SocketPath_SendsTheStateAsOneDatagram()
    {
        var path = Path.Combine(_directory, "notify.sock");
        using var listener = Listen(path);
        using var notifier = new SystemdNotifier(path);

        notifier.Notify("READY=1");

        Assert.True(notifier.IsEnabled);
        Assert.Equal("READY=1", await ReceiveAsync(listener));
    }

    [Fact]
    public async Task Notify_SeveralStates_ArriveInOrderAsSeparateDatagrams()
    {
        var path = Path.Combine(_directory, "notify.sock");
        using var listener = Listen(path);
        using var notifier = new SystemdNotifier(path);

        notifier.Notify("READY=1\nSTATUS=Serving");
        notifier.Notify("WATCHDOG=1");
        notifier.Notify("STATUS=Température ok");

        Assert.Equal("READY=1\nSTATUS=Serving", await ReceiveAsync(listener));
        Assert.Equal("WATCHDOG=1", await ReceiveAsync(listener));
        Assert.Equal("STATUS=Température ok", await ReceiveAsync(listener));
    }

    [Fact]
    public async Task Notify_AbstractSocketName_SendsToTheAbstractNamespace()
    {
        var name = "picam-test-" + Guid.NewGuid().ToString("N");
        using var listener = Listen("\0" + name);
        using var notifier = new SystemdNotifier("@" + name);

        notifier.Notify("READY=1");

        Assert.Equal("READY=1", await ReceiveAsync(listener));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Notify_NoSocketPath_IsDisabledAndDoesNothing(string? path)
    {
        using var notifier = new SystemdNotifier(path);

        notifier.Notify("READY=1");

        Assert.False(notifier.IsEnabled);
    }

    [Fact]
    public void Notify_NobodyListening_DoesNotThrow()
    {
        using var notifier = new SystemdNotifier(Path.Combine(_directory, "nobody.sock"));

        notifier.Notify("WATCHDOG=1");

        Assert.True(notifier.IsEnabled);
    }

    [Fact]
    public void WatchdogInterval_WatchdogUsec_IsHalfOfIt()
    {
        var interval = SystemdService.WatchdogInterval(key => key == "WATCHDOG_USEC" ? "20000000" : null);

        Assert.Equal(TimeSpan.FromSeconds(10), interval);
    }

    [Fact]
    public void WatchdogInterval_OddMicroseconds_IsHalfToTheTick()
    {
        var interval = SystemdService.WatchdogInterval(key => key == "WATCHDOG_USEC" ? "3" : null);

        Assert.Equal(TimeSpan.FromTicks(15), interval);
    }

    [Fact]
    public void WatchdogInterval_WatchdogPidOfThisProcess_IsHalfTheUsec()
    {
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

        var interval = SystemdService.WatchdogInterval(key => key switch
        {
            "WATCHDOG_USEC" => "6000000",
            "WATCHDOG_PID" => pid,
            _ => null,
        });

        Assert.Equal(TimeSpan.FromSeconds(3), interval);
    }

    [Fact]
    public void WatchdogInterval_WatchdogPidOfAnotherProcess_IsNull()
    {
        var other = (Environment.ProcessId + 1).ToString(CultureInfo.InvariantCulture);

        var interval = SystemdService.WatchdogInterval(key => key switch
        {
            "WATCHDOG_USEC" => "6000000",
            "WATCHDOG_PID" => other,
            _ => null,
        });

        Assert.Null(interval);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-5000000")]
    [InlineData("abc")]
    [InlineData("5s")]
    public void WatchdogInterval_MissingOrInvalidUsec_IsNull(string? usec)
    {
        Assert.Null(SystemdService.WatchdogInterval(key => key == "WATCHDOG_USEC" ? usec : null));
    }
}
