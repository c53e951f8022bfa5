using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PiCam.Tests.Support;

/// <summary>
/// The real server as a child process on a free loopback port: the AOT binary when <c>PICAM_BINARY</c> is
/// set (make test's NativeAOT passes, the arm64 one under qemu-user), else the JIT build of the project under
/// test (<see cref="PicamBinary"/>). Captures its output.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServerProcess(Process process, int port, string scheme, string host = "127.0.0.1")
    {
        _process = process;
        Port = port;
        BaseUri = new Uri($"{scheme}://{host}:{port}/");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public Uri BaseUri { get; }

    public int ProcessId => _process.Id;

    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the server with the given keys (as environment variables) and waits until it answers.</summary>
    public static async Task<ServerProcess> StartAsync(
        IReadOnlyDictionary<string, string>? env = null,
        string? configFile = null,
        string scheme = "http",
        IEnumerable<string>? extraArgs = null,
        bool waitUntilReady = true,
        int? port = null,
        bool asNobody = false,
        string? inNamespace = null,
        (int Soft, int Hard)? fileLimit = null,
        bool denyNetlink = false)
    {
        var chosenPort = port ?? FreePort();
        // A test that binds one address (a veth's, say) talks to that address.
        var host = env is not null && env.TryGetValue("BIND", out var bind) && System.Net.IPAddress.TryParse(bind, out _) ? bind : "127.0.0.1";
        var server = new ServerProcess(Launch(env, configFile, chosenPort, extraArgs, asNobody, inNamespace, fileLimit, denyNetlink), chosenPort, scheme, host);
        if (waitUntilReady)
        {
            try
            {
                await server.WaitUntilReadyAsync();
            }
            catch
            {
                await server.DisposeAsync(); // a server that never answered (hung, say) must not outlive the test
                throw;
            }
        }

        return server;
    }

    /// <summary>Runs the binary as a one-off command (for example <c>picam hdr apply</c>) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        var start = PicamBinary.StartInfo();
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(PicamBinary.Scaled(TimeSpan.FromSeconds(30)));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    /// <param name="fileLimit">Soft and hard RLIMIT_NOFILE for the server (through <c>prlimit</c>), or null to inherit ours.</param>
    /// <param name="denyNetlink">Whether the server may not open netlink sockets (<see cref="NetlinkDenied"/>), as under a unit without AF_NETLINK.</param>
    public static Process Launch(IReadOnlyDictionary<string, string>? env, string? configFile, int port, IEnumerable<string>? extraArgs, bool asNobody = false, string? inNamespace = null, (int Soft, int Hard)? fileLimit = null, bool denyNetlink = false)
    {
        var start = PicamBinary.StartInfo();
        if (fileLimit is { } limit)
        {
            var command = start.FileName;
            var commandArgs = start.ArgumentList.ToList();
            start = new ProcessStartInfo("prlimit") { ArgumentList = { $"--nofile={limit.Soft}:{limit.Hard}", "--", command } };
            commandArgs.ForEach(start.ArgumentList.Add);
        }

        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configFile ?? "/dev/null");
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var arg in extraArgs ?? [])
        {
            start.ArgumentList.Add(arg);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        // Only what the test says: no inherited configuration keys, no systemd.
        foreach (var key in new[] { "NAME", "PORT", "BIND", "RESOLUTION", "FRAMERATE", "QUALITY", "VIDEO_SOURCE", "KEYFILE", "CERTFILE", "HDR", "MAX_CLIENTS", "IDLE_SECONDS", "VERBOSE", "HTTP_PORT", "CERTBOT_DOMAIN", "ACME_WEBROOT", "PICAM_CONFIG", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM", "WEBRTC_PORT", "WEBRTC_MAX_SESSIONS", "WEBRTC_ADDRESSES", "BACKEND_URL", "BACKEND_CA_FILE", "DEVICE_ID", "DEVICE_TOKEN", "DATA_DIR" })
        {
            start.Environment.Remove(key);
        }

        start.Environment["BIND"] = "127.0.0.1";
        start.Environment["RESOLUTION"] = "320x240";
        start.Environment["WEBRTC_PORT"] = "0"; // servers run in parallel: a test that wants WebRTC picks its own port
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        if (asNobody && Environment.UserName == "root")
        {
            // Root reads any file whatever its mode; as nobody, permissions mean what they say.
            start.ArgumentList.Insert(0, start.FileName);
            foreach (var option in new[] { "--clear-groups", "--regid=65534", "--reuid=65534" })
            {
                start.ArgumentList.Insert(0, option);
            }

            start.FileName = "setpriv";
            start.Environment["HOME"] = Path.GetTempPath();
        }

        if (inNamespace is not null)
        {
            // ip netns exec execs the command, so the process is still picam itself.
            start.ArgumentList.Insert(0, start.FileName);
            foreach (var argument in new[] { inNamespace, "exec", "netns" })
            {
                start.ArgumentList.Insert(0, argument);
            }

            start.FileName = "ip";
        }

        return (denyNetlink ? NetlinkDenied.Start(start) : Process.Start(start)) ?? throw new InvalidOperationException("could not start picam");
    }

    public HttpClient CreateClient(HttpMessageHandler? handler = null) =>
        new(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { BaseAddress = BaseUri, Timeout = PicamBinary.Scaled(TimeSpan.FromSeconds(30)) };

    public async Task WaitUntilReadyAsync(HttpMessageHandler? handler = null)
    {
        using var client = CreateClient(handler);
        var patience = PicamBinary.Scaled(TimeSpan.FromSeconds(20));
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"picam exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync("status");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"picam did not answer within {patience.TotalSeconds:F0} s:\n{Output}");
    }

    /// <summary>Waits until the output has a line containing <paramref name="text"/>.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed");
        }
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>CPU time (user + system) the server has used, from /proc.</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public const int SIGTERM = 15;
    public const int SIGINT = 2;
    public const int SIGSTOP = 19;
    public const int SIGCONT = 18;

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
