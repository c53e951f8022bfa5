using System.Diagnostics;
using System.Globalization;
using System.Net;
using PiCam.Tests.Support;

namespace PiCam.Tests.Image;

/// <summary>
/// One booted arm64 appliance shared by the steps of <see cref="ImageBootTests"/>. The image comes from
/// <c>make test-image</c> (image/qemu/build-test-image.sh), which sets <c>PICAM_IMAGE_DIR</c>.
/// Records the wall time of each step in <c>timings.txt</c> there.
/// </summary>
public sealed class ImageFixture : IAsyncLifetime
{
    /// <summary>
    /// A boot takes 70–100 s here, but 190–260 s was measured with the host's two cores busy (QEMU's TCG
    /// has no KVM to lean on); the limit leaves room for that and still catches a machine that never comes up.
    /// </summary>
    public static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(7);

    public ImageFixture()
    {
        Directory = Environment.GetEnvironmentVariable("PICAM_IMAGE_DIR")
            ?? throw new InvalidOperationException("PICAM_IMAGE_DIR is not set: run these through `make test-image`");
        Machine = new QemuMachine(Directory, ServerProcess.FreePort(), ServerProcess.FreePort());
        Shell = new GuestShell(Path.Combine(Directory, "id_ed25519"), Machine.SshPort);
        Http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{Machine.HttpPort}/"),
            Timeout = TimeSpan.FromSeconds(15),
        };
    }

    public string Directory { get; }

    public QemuMachine Machine { get; }

    public GuestShell Shell { get; }

    public HttpClient Http { get; }

    /// <summary>Answers the guest's DuckDNS updates (DUCKDNS_URL in the test image's picam.env).</summary>
    internal PiCam.Tests.DuckDns.DuckDnsStandIn? DuckDns { get; private set; }

    public const int DuckDnsPort = 18998;

    public async Task InitializeAsync()
    {
        File.WriteAllText(Path.Combine(Directory, "timings.txt"), "");
        DuckDns = await PiCam.Tests.DuckDns.DuckDnsStandIn.StartAsync(DuckDnsPort);
        var clock = Stopwatch.StartNew();
        await Machine.StartAsync();
        await WaitForFirstFrameAsync("boot to first frame", clock);
    }

    /// <summary>Waits until /current.jpg serves a frame; records how long it took since <paramref name="since"/>.</summary>
    public async Task WaitForFirstFrameAsync(string what, Stopwatch since)
    {
        var deadline = DateTime.UtcNow + BootTimeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await Http.GetAsync("current.jpg");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Record(what, since.Elapsed);
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(1000);
        }

        throw new TimeoutException($"{what}: no frame within {BootTimeout}.\n{await Machine.DiagnoseAsync()}serial log tail:\n{SerialTail()}");
    }

    /// <summary>Waits until the web server stops answering (the machine is going down).</summary>
    public async Task WaitUntilDownAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await Http.GetAsync("status");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException("the appliance never went down");
    }

    public void Record(string what, TimeSpan elapsed) =>
        File.AppendAllText(Path.Combine(Directory, "timings.txt"), string.Create(CultureInfo.InvariantCulture, $"{what,-52} {elapsed.TotalSeconds,7:F1} s\n"));

    public string SerialTail()
    {
        try
        {
            var lines = File.ReadAllLines(Machine.SerialLog);
            return string.Join('\n', lines.TakeLast(120));
        }
        catch (IOException)
        {
            return "(no serial log)";
        }
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Machine.DisposeAsync();
        if (DuckDns is not null)
        {
            await DuckDns.DisposeAsync();
        }
    }
}
