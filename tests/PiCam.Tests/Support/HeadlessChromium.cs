using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PiCam.Tests.Support;

/// <summary>
/// Debian's Chromium, headless, driven over the Chrome DevTools Protocol: navigate, evaluate JavaScript,
/// take a screenshot. Just enough to see the viewer page the way a person's browser does.
/// </summary>
public sealed partial class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly HttpMessageInvoker _devTools;
    private int _nextId;

    private HeadlessChromium(Process process, string profile, string? inNamespace)
    {
        _process = process;
        _profile = profile;
        _devTools = new HttpMessageInvoker(Handler(inNamespace));
    }

    /// <param name="inNamespace">
    /// A network namespace to run Chromium in (another "host", <see cref="SeparatedHosts"/>); its DevTools port is then
    /// on that namespace's loopback, which this process reaches through sockets made there (<see cref="NamespaceSockets"/>).
    /// </param>
    public static async Task<HeadlessChromium> LaunchAsync(int width = 1280, int height = 900, string? inNamespace = null)
    {
        var profile = Directory.CreateTempSubdirectory("picam-chromium-").FullName;
        var start = new ProcessStartInfo(inNamespace is null ? "/usr/bin/chromium" : "ip")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (inNamespace is not null)
        {
            // ip netns exec execs chromium, so the process is still Chromium itself.
            foreach (var arg in new[] { "netns", "exec", inNamespace, "/usr/bin/chromium" })
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            $"--window-size={width},{height}", "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start chromium");
        var browser = new HeadlessChromium(process, profile, inNamespace);
        var endpoint = await ReadDevToolsEndpointAsync(process);
        using var http = new HttpClient(Handler(inNamespace));
        var targets = JsonNode.Parse(await http.GetStringAsync($"http://{endpoint}/json/list"))!.AsArray();
        var page = targets.First(t => t!["type"]!.GetValue<string>() == "page")!;
        await browser._socket.ConnectAsync(new Uri(page["webSocketDebuggerUrl"]!.GetValue<string>()), browser._devTools, CancellationToken.None);
        return browser;
    }

    public Task NavigateAsync(Uri url) => SendAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() });

    /// <summary>Evaluates an expression in the page and returns its value as JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        return result["result"]?["value"];
    }

    /// <summary>Polls an expression until it is true or the timeout passes.</summary>
    public async Task<bool> WaitUntilAsync(string expression, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if ((await EvaluateAsync(expression))?.GetValueKind() == JsonValueKind.True)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    public async Task ScreenshotAsync(string path)
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(result["data"]!.GetValue<string>()));
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[1 << 20];
        while (true)
        {
            using var received = new MemoryStream();
            WebSocketReceiveResult chunk;
            do
            {
                chunk = await _socket.ReceiveAsync(buffer, timeout.Token);
                received.Write(buffer, 0, chunk.Count);
            }
            while (!chunk.EndOfMessage);

            var reply = JsonNode.Parse(received.ToArray())!;
            if (reply["id"]?.GetValue<int>() == id)
            {
                return reply["error"] is { } error
                    ? throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}")
                    : reply["result"]!;
            }
        }
    }

    private static async Task<string> ReadDevToolsEndpointAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            var match = DevToolsLine().Match(line);
            if (match.Success)
            {
                return match.Groups[1].Value;
            }
        }

        throw new InvalidOperationException("chromium exited before opening its DevTools port");
    }

    /// <summary>Kills the browser at once, as a phone that loses its network would vanish: no goodbye of any kind.</summary>
    public async Task VanishAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        _devTools.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium's helpers may still be letting go of the profile.
        }
    }

    private static SocketsHttpHandler Handler(string? inNamespace) =>
        inNamespace is null ? new SocketsHttpHandler() : NamespaceSockets.HttpHandler(inNamespace);

    [GeneratedRegex(@"DevTools listening on ws://([^/]+)/")]
    private static partial Regex DevToolsLine();
}
