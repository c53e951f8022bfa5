using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using PiCam.Http.Auth;
using PiCam.Tests.Support;
using Xunit.Abstractions;
using Xunit;

namespace PiCam.Tests.Integration;

/// <summary>
/// Issue 9, defect 2: wrong guesses at the real 600,000-iteration hash from hundreds of loopback addresses
/// (so no address reaches its 429) must not take a logged-in viewer's stream below its rate.
/// </summary>
[Trait("Category", "Integration")]
[Collection(TimingSensitive.Name)]
public sealed class LoginFloodTests(ITestOutputHelper output)
{
    private const string User = "anna";
    private const string Password = "flood-proof 41c2";
    private const int Framerate = 10;
    private const int GuessesInFlight = 32;

    [Fact]
    public async Task Issue9_WrongPasswordFloodFromManyAddresses_KeepsALoggedInViewerAtItsFrameRate()
    {
        var hash = PasswordHash.Create(Password); // the real iteration count: the cost the flood exploits
        await using var server = await LoginTests.StartAsync(new Dictionary<string, string>
        {
            ["VIEWER_USER"] = User,
            ["VIEWER_PASSWORD_HASH"] = hash,
            ["FRAMERATE"] = Framerate.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var viewer = server.CreateClient();
        viewer.Timeout = TimeSpan.FromSeconds(60);
        viewer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        using var stream = await viewer.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        var reader = new MultipartReader(await stream.Content.ReadAsStreamAsync());
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var arrivals = new System.Collections.Concurrent.ConcurrentQueue<TimeSpan>();
        var watching = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await reader.ReadPartAsync(stop.Token); // read all along, so nothing piles up in the socket
                    arrivals.Enqueue(clock.Elapsed);
                }
            }
            catch (Exception ex) when (stop.IsCancellationRequested && ex is OperationCanceledException or IOException)
            {
            }
        });

        await Task.Delay(TimeSpan.FromSeconds(1)); // at rate before the flood
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var next = 0;
        var guessers = Enumerable.Range(0, GuessesInFlight).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref next);
                var from = IPAddress.Parse($"127.0.{1 + (n / 250 % 4)}.{1 + (n % 250)}"); // 1,000 addresses, a few guesses each
                var status = await GuessAsync(server.Port, from, $"guess-{n}", stop.Token);
                statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(2)); // let the flood fill every queue there is
        var windowStart = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(8));
        var windowEnd = clock.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(guessers);
        await watching;
        var frames = arrivals.Count(t => t >= windowStart && t < windowEnd);
        var fps = frames / (windowEnd - windowStart).TotalSeconds;
        var seen = string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));
        output.WriteLine($"viewer {fps:F1} fps of {Framerate} during the flood; guesses answered {seen}");
        Assert.True(fps >= 0.6 * Framerate, $"the logged-in viewer got {fps:F1} fps of {Framerate} during the flood ({seen})");
        Assert.True(statuses.Keys.Any(s => s is 401 or 503), $"the flood never reached the login: {seen}");
        Assert.False(statuses.ContainsKey(429), $"an address was blocked, so the flood was not spread wide enough: {seen}");
    }

    /// <summary>One wrong guess from <paramref name="from"/> over a raw socket; the status code, or 0 for none.</summary>
    private static async Task<int> GuessAsync(int port, IPAddress from, string password, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(from, 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{password}"));
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /status HTTP/1.1\r\nHost: x\r\nAuthorization: Basic {basic}\r\nConnection: close\r\n\r\n"), cancellationToken);
            var buffer = new byte[512];
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            var line = Encoding.ASCII.GetString(buffer, 0, n);
            return line.Length >= 12 && int.TryParse(line.AsSpan(9, 3), out var status) ? status : 0;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return 0;
        }
    }
}
