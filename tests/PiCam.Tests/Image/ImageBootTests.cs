using System.Diagnostics;
using System.Text.Json;
using PiCam.Tests.Support;

namespace PiCam.Tests.Image;

/// <summary>
/// The appliance image, built from the same pi-gen stage, overlay and linux-arm64 binary as the real one
/// (Debian trixie arm64 in place of Raspberry Pi OS, which is built on it), booted in QEMU's arm64 virt
/// machine. The steps share one machine and run in name order.
/// </summary>
[Trait("Category", "Image")]
[TestCaseOrderer("PiCam.Tests.Image.AlphabeticalOrderer", "PiCam.Tests")]
public sealed class ImageBootTests : IClassFixture<ImageFixture>
{
    private readonly ImageFixture _vm;

    public ImageBootTests(ImageFixture vm) => _vm = vm;

    [Fact]
    public async Task Step1_Boot_StreamsWithTheNameAndResolutionFromTheBootEnv()
    {
        var status = await Json.GetAsync(_vm.Http, "status");
        Assert.Equal("QEMU Porch", status.GetProperty("name").GetString());
        Assert.Equal("640x360", status.GetProperty("resolution").GetString());
        JpegAssert.Valid(await _vm.Http.GetByteArrayAsync("current.jpg"), 640, 360);
        Assert.Empty(status.GetProperty("config_problems").EnumerateArray());
    }

    [Fact]
    public async Task Step2_Boot_ReachesRunningWithTheTimersDataPartitionHostnameAndDuckDnsFromTheBootEnv()
    {
        Assert.True(await _vm.Shell.WaitUntilReachableAsync(TimeSpan.FromMinutes(2)), "SSH never answered with the key from SSH_AUTHORIZED_KEY");
        var (_, state) = await _vm.Shell.RunAsync("systemctl is-system-running --wait", TimeSpan.FromMinutes(3));
        var (_, failed) = await _vm.Shell.RunAsync("systemctl --failed --no-legend --plain");
        Assert.True(failed.Length == 0, $"failed units:\n{failed}");
        Assert.Equal("running", state);
        Assert.Equal("picam-qemu", (await _vm.Shell.RunAsync("hostname")).Output);
        Assert.Equal("active", (await _vm.Shell.RunAsync("systemctl is-active picam-health.timer")).Output);
        Assert.Equal("active", (await _vm.Shell.RunAsync("systemctl is-active picam-certbot.timer")).Output);
        Assert.Equal("ext4", (await _vm.Shell.RunAsync("findmnt -n -o FSTYPE /var/lib/picam")).Output);

        // DuckDNS: the guest's update reached the stand-in with its domain, and /status shows the answer but never the token.
        Assert.Contains(_vm.DuckDns!.Requests, r => r.Contains("domains=qemu-porch", StringComparison.Ordinal));
        var status = await Json.GetAsync(_vm.Http, "status");
        Assert.True(status.GetProperty("duckdns").GetProperty("ok").GetBoolean());
        Assert.DoesNotContain("qemu-test-token", status.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("qemu-test-token", (await _vm.Shell.RunAsync("sudo journalctl -b --no-pager")).Output, StringComparison.Ordinal);
        Assert.Equal("success", (await _vm.Shell.RunAsync("systemctl show -p Result --value picam-hdr.service")).Output);
        Assert.Contains("hdr:", (await _vm.Shell.RunAsync("sudo journalctl -b -u picam-hdr.service --no-pager")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Step3_StatusLight_IsPicamsOutputOnTheBoardsGpioChipLitOnlyWhileSomeoneWatches()
    {
        var line = int.Parse(File.ReadLines(Path.Combine(_vm.Directory, "picam.env"))
            .Single(l => l.StartsWith("STATUS_LED_GPIO=", StringComparison.Ordinal))["STATUS_LED_GPIO=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var gpio = new GuestGpio(_vm.Shell, "gpiochip0", line);
        var idle = await gpio.WaitForAsync(s => s.PicamsOutput && s.High == false, TimeSpan.FromSeconds(60));
        Assert.True(idle.PicamsOutput && idle.High == false, $"line {line} is not picam's dark output while nobody watches:\n{idle.Evidence}");

        var clock = Stopwatch.StartNew();
        using (var viewer = await StreamViewer.OpenAsync(_vm.Http.BaseAddress!))
        {
            var lit = await gpio.WaitForAsync(s => s.High == true, TimeSpan.FromSeconds(30));
            Assert.True(lit.PicamsOutput && lit.High == true, $"line {line} is not lit while a viewer watches:\n{lit.Evidence}");
            _vm.Record("viewer opens the stream to status light on", clock.Elapsed);
            Assert.True(viewer.BytesRead > 0, "the viewer received nothing from /stream.mjpg");
        }

        var dark = await gpio.WaitForAsync(s => s.High == false, TimeSpan.FromSeconds(30));
        Assert.True(dark.PicamsOutput && dark.High == false, $"line {line} stayed lit after the viewer left:\n{dark.Evidence}");
    }

    [Fact]
    public async Task Step4_ReadOnlyRoot_ForgetsOverlayWritesOnRebootWhileTheCertificateStoreKeepsItsFiles()
    {
        var lower = await _vm.Shell.RunAsync("sudo touch /media/root-ro/picam-write-test");
        Assert.NotEqual(0, lower.ExitCode);
        Assert.Contains("Read-only file system", lower.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await _vm.Shell.RunAsync("sudo touch /etc/picam-write-test && test -e /etc/picam-write-test")).ExitCode);

        // The certificate store is on the persistent data partition: what is written there survives.
        const string certificate = "/var/lib/picam/tls/persist-test.pem";
        Assert.Equal(0, (await _vm.Shell.RunAsync($"sudo sh -c 'head -c 512 /dev/urandom | base64 > {certificate} && sync'")).ExitCode);
        var before = (await _vm.Shell.RunAsync($"sudo sha256sum {certificate}")).Output;

        var clock = Stopwatch.StartNew();
        await _vm.Shell.RunAsync("sudo systemctl reboot", TimeSpan.FromSeconds(20));
        await _vm.WaitUntilDownAsync(TimeSpan.FromMinutes(2));
        await _vm.WaitForFirstFrameAsync("reboot to first frame", clock);
        Assert.True(await _vm.Shell.WaitUntilReachableAsync(TimeSpan.FromMinutes(2)));
        Assert.NotEqual(0, (await _vm.Shell.RunAsync("test -e /etc/picam-write-test")).ExitCode);
        Assert.Equal(before, (await _vm.Shell.RunAsync($"sudo sha256sum {certificate}")).Output);
    }

    [Fact]
    public async Task Step5_FrozenPicam_IsRestartedBySystemdsWatchdogAndStreamingResumes()
    {
        var pid = (await _vm.Shell.RunAsync("systemctl show -p MainPID --value picam.service")).Output;
        Assert.NotEqual("0", pid);
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, (await _vm.Shell.RunAsync($"sudo kill -STOP {pid}")).ExitCode);

        string newPid;
        do
        {
            await Task.Delay(1000);
            newPid = (await _vm.Shell.RunAsync("systemctl show -p MainPID --value picam.service")).Output;
        }
        while ((newPid == pid || newPid == "0") && clock.Elapsed < TimeSpan.FromSeconds(90));

        Assert.NotEqual(pid, newPid);
        await _vm.WaitForFirstFrameAsync("SIGSTOP to streaming again", clock);
        Assert.Contains("Watchdog timeout", (await _vm.Shell.RunAsync("sudo journalctl -b -u picam.service --no-pager")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Step6_FrozenKernel_IsResetByTheHardwareWatchdogAndBootsToStreaming()
    {
        var before = _vm.Machine.Events.Count();
        var clock = Stopwatch.StartNew();
        await _vm.Shell.RunAsync("sudo sh -c 'echo c > /proc/sysrq-trigger'", TimeSpan.FromSeconds(15));

        var watchdog = await _vm.Machine.WaitForEventAsync("WATCHDOG", before, TimeSpan.FromSeconds(90));
        Assert.True(watchdog is not null, $"no WATCHDOG event; serial log:\n{_vm.SerialTail()}");
        Assert.Equal("reset", watchdog!["data"]?["action"]?.GetValue<string>());
        _vm.Record("kernel crash to watchdog reset", clock.Elapsed);
        await _vm.WaitForFirstFrameAsync("kernel crash to streaming again", clock);
    }

    [Fact]
    public async Task Step7_MalformedBootEnv_StillBootsToStreamingAndListsItsProblems()
    {
        await _vm.Machine.PowerOffAsync();
        var env = File.ReadAllText(Path.Combine(_vm.Directory, "picam.env"))
            + "PORT=eighty\nRESOLUTON=1280x720\nthis line is nonsense\nTIMEZONE=Mars/Olympus_Mons\n";
        var malformed = Path.Combine(_vm.Directory, "picam-malformed.env");
        File.WriteAllText(malformed, env);
        var write = Process.Start("bash", [Path.Combine(Environment.GetEnvironmentVariable("PICAM_REPO") ?? ".", "image/qemu/write-env.sh"), Path.Combine(_vm.Directory, "disk.img"), malformed])!;
        await write.WaitForExitAsync();
        Assert.Equal(0, write.ExitCode);

        var clock = Stopwatch.StartNew();
        await _vm.Machine.StartAsync();
        await _vm.WaitForFirstFrameAsync("cold boot with a malformed .env to first frame", clock);
        var status = await Json.WaitForStatusAsync(_vm.Http, s => s.GetProperty("config_problems").GetArrayLength() >= 4, TimeSpan.FromSeconds(30));
        var problems = status.GetProperty("config_problems").EnumerateArray().Select(p => p.GetProperty("key").GetString()).ToList();
        Assert.Contains("PORT", problems);
        Assert.Contains("RESOLUTON", problems);
        Assert.Contains("TIMEZONE", problems);
        Assert.Contains(problems, p => p!.StartsWith("line ", StringComparison.Ordinal));
        Assert.Equal("640x360", status.GetProperty("resolution").GetString());
    }
}
