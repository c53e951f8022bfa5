using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace PiCam.Tests.Image;

/// <summary>
/// The appliance's arm64 disk image booted in <c>qemu-system-aarch64 -M virt -cpu cortex-a72</c> (TCG) with
/// an i6300esb hardware watchdog that resets the machine, the board's PL061 GPIO controller (the status light),
/// a serial log, QMP for events and power, and user networking that forwards loopback ports to the guest's web
/// server and SSH. The kernel and initramfs are booted directly, as a Pi's firmware does from the boot partition.
/// </summary>
public sealed class QemuMachine : IAsyncDisposable
{
    private readonly string _dir;
    private readonly ConcurrentQueue<JsonNode> _events = new();
    private readonly ConcurrentQueue<JsonNode> _replies = new();
    private Process? _process;
    private Socket? _qmp;
    private Task? _qmpReader;

    public QemuMachine(string imageDir, int httpPort, int sshPort)
    {
        _dir = imageDir;
        HttpPort = httpPort;
        SshPort = sshPort;
    }

    public int HttpPort { get; }

    public int SshPort { get; }

    public string SerialLog => Path.Combine(_dir, "serial.log");

    public bool Running => _process is { HasExited: false };

    public IEnumerable<JsonNode> Events => _events;

    public async Task StartAsync()
    {
        var qmpPath = Path.Combine(_dir, "qmp.sock");
        File.Delete(qmpPath);
        var cmdline = File.ReadAllText(Path.Combine(_dir, "cmdline.txt")).Trim()
            .Replace("console=serial0,115200", "", StringComparison.Ordinal)
            .Replace("console=tty1", "", StringComparison.Ordinal);
        var start = new ProcessStartInfo("qemu-system-aarch64")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            // A Raspberry Pi 4's CPU and memory; virt has the PL061 GPIO chip and PCI for the watchdog.
            "-machine", "virt", "-accel", "tcg", "-cpu", "cortex-a72", "-smp", "2", "-m", "1024",
            // A fixed board identity, as a Pi's serial number is: the machine id is derived from it.
            "-uuid", "5c0ffee0-0000-4000-8000-00000000d1ce",
            "-nographic", "-nodefaults", "-no-user-config",
            "-kernel", Path.Combine(_dir, "vmlinuz"),
            "-initrd", Path.Combine(_dir, "initrd.img"),
            // panic=0: a crashed kernel waits forever, so only the hardware watchdog can bring it back.
            "-append", $"{cmdline} console=ttyAMA0,115200 panic=0",
            "-drive", $"file={Path.Combine(_dir, "disk.img")},format=raw,if=none,id=disk0,cache=unsafe",
            "-device", "virtio-blk-pci,drive=disk0",
            "-netdev", $"user,id=net0,hostfwd=tcp:127.0.0.1:{HttpPort}-:8000,hostfwd=tcp:127.0.0.1:{SshPort}-:22",
            "-device", "virtio-net-pci,netdev=net0",
            // A Pi has a hardware random number generator; without one, early getrandom() callers wait.
            "-device", "virtio-rng-pci",
            "-device", "i6300esb", "-action", "watchdog=reset",
            "-serial", $"file:{SerialLog}",
            "-qmp", $"unix:{qmpPath},server=on,wait=off",
        })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("qemu did not start");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!File.Exists(qmpPath))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"qemu exited or opened no QMP socket: {await _process.StandardError.ReadToEndAsync()}");
            }

            await Task.Delay(50);
        }

        _qmp = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await _qmp.ConnectAsync(new UnixDomainSocketEndPoint(qmpPath));
        _qmpReader = ReadQmpAsync(_qmp);
        await SendQmpAsync("qmp_capabilities");
    }

    /// <summary>Waits for a QMP event (e.g. WATCHDOG, RESET) that arrives after <paramref name="afterCount"/> events.</summary>
    public async Task<JsonNode?> WaitForEventAsync(string name, int afterCount, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var match = _events.Skip(afterCount).FirstOrDefault(e => e["event"]?.GetValue<string>() == name);
            if (match is not null)
            {
                return match;
            }

            await Task.Delay(100);
        }

        return null;
    }

    /// <summary>Powers the machine off at once, like pulling the plug.</summary>
    public async Task PowerOffAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            try
            {
                await SendQmpAsync("quit");
            }
            catch (SocketException)
            {
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _qmp?.Dispose();
        if (_qmpReader is not null)
        {
            await _qmpReader;
        }

        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await PowerOffAsync();

    /// <summary>
    /// What the machine is doing, for a failure message: its run state, the events so far, and each vCPU's
    /// program counter read twice a second apart (a guest that is stuck shows the same ones).
    /// </summary>
    public async Task<string> DiagnoseAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return "qemu is not running";
        }

        var report = new StringBuilder();
        report.Append("run state: ").AppendLine(await AskAsync("query-status"));
        report.Append("events: ").AppendLine(string.Join(", ", _events.Select(e => $"{e["event"]}@{e["timestamp"]?["seconds"]}")));
        for (var i = 0; i < 2; i++)
        {
            var registers = await AskAsync("human-monitor-command", new JsonObject { ["command-line"] = "info registers -a" });
            var pcs = System.Text.RegularExpressions.Regex.Matches(registers, @"PC=([0-9a-f]+)").Select(m => m.Groups[1].Value);
            report.Append("vCPU PCs: ").AppendLine(string.Join(' ', pcs));
            await Task.Delay(1000);
        }

        report.Append("host load: ").AppendLine(File.ReadAllText("/proc/loadavg").Trim());
        return report.ToString();
    }

    private async Task<string> AskAsync(string command, JsonObject? arguments = null)
    {
        _replies.Clear();
        await SendQmpAsync(command, arguments);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (_replies.TryDequeue(out var reply))
            {
                return reply["return"] is JsonValue text && text.TryGetValue<string>(out var plain) ? plain : reply["return"]?.ToJsonString() ?? reply.ToJsonString();
            }

            await Task.Delay(50);
        }

        return "(no answer)";
    }

    private async Task SendQmpAsync(string command, JsonObject? arguments = null)
    {
        var message = new JsonObject { ["execute"] = command };
        if (arguments is not null)
        {
            message["arguments"] = arguments;
        }

        var json = message.ToJsonString() + "\n";
        await _qmp!.SendAsync(Encoding.UTF8.GetBytes(json));
    }

    private async Task ReadQmpAsync(Socket socket)
    {
        var buffer = new byte[65536];
        var pending = new StringBuilder();
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer);
                if (n == 0)
                {
                    return;
                }

                pending.Append(Encoding.UTF8.GetString(buffer, 0, n));
                var text = pending.ToString();
                int newline;
                while ((newline = text.IndexOf('\n', StringComparison.Ordinal)) >= 0)
                {
                    var line = text[..newline].Trim();
                    text = text[(newline + 1)..];
                    if (line.Length > 0 && JsonNode.Parse(line) is { } message)
                    {
                        (message["event"] is not null ? _events : _replies).Enqueue(message);
                    }
                }

                pending.Clear().Append(text);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }
}
