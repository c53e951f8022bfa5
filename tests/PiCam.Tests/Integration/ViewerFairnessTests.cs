using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PiCam.Tests.Support;
using Xunit;

namespace PiCam.Tests.Integration;

/// <summary>
/// Issue 9, defects 10 and 12: a slow viewer must see fresh frames (at a lower rate), and viewers that never
/// read, or one address with many viewers, must not keep everybody else out.
/// </summary>
[Trait("Category", "Integration")]
[Collection(TimingSensitive.Name)]
public sealed class ViewerFairnessTests
{
    private static readonly Dictionary<string, string> BigFrames = new() { ["RESOLUTION"] = "640x480", ["QUALITY"] = "95", ["FRAMERATE"] = "30" };

    [Fact]
    public async Task Stream_SlowReaderAt150KBps_GetsFramesLessThanTwoSecondsOld()
    {
        await using var server = await ServerProcess.StartAsync(BigFrames);
        using var raw = await RawClient.ConnectAsync(server.Port, receiveBufferBytes: 8192);
        await raw.SendAsync("GET /stream.mjpg?timestamps=1 HTTP/1.1\r\nHost: x\r\n\r\n");

        const int BytesPerTick = 15_000; // every 100 ms: 150 KB/s
        var buffer = new byte[BytesPerTick];
        var text = new StringBuilder();
        var ages = new List<(double At, double Age)>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(14))
        {
            var tick = clock.Elapsed;
            var got = 0;
            while (got < BytesPerTick)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                var n = await raw.Socket.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None, timeout.Token);
                Assert.True(n > 0, "the server closed the slow viewer's stream");
                got += n;
            }

            text.Append(Encoding.Latin1.GetString(buffer, 0, got));
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
            var s = text.ToString();
            var at = 0;
            int found;
            while ((found = s.IndexOf("X-Timestamp: ", at, StringComparison.Ordinal)) >= 0)
            {
                var end = s.IndexOf("\r\n", found, StringComparison.Ordinal);
                if (end < 0)
                {
                    break;
                }

                var stamp = double.Parse(s.AsSpan(found + 13, end - found - 13), CultureInfo.InvariantCulture);
                ages.Add((clock.Elapsed.TotalSeconds, now - stamp));
                at = end;
            }

            text.Clear().Append(s.AsSpan(Math.Max(at, s.Length - 64)));
            var wait = tick + TimeSpan.FromMilliseconds(100) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
        }

        var late = ages.Where(a => a.At > 4).ToList();
        Assert.True(late.Count >= 10, $"the slow viewer got only {late.Count} frames after the first 4 s");
        var oldest = late.Max(a => a.Age);
        // qemu-user does not translate the SIOCOUTQNSD ioctl, so under emulation picam cannot see what is still
        // unsent and only the 256 KiB send buffer (512 KiB as the kernel doubles it: 3.5 s at 150 KB/s) bounds
        // the age. Without either bound (the old code) frames were 11-24 s old and growing.
        var bound = PicamBinary.IsEmulated ? 4.0 : 2.0;
        Assert.True(oldest < bound, $"a viewer reading 150 KB/s got frames up to {oldest:F1} s old ({string.Join(", ", late.Select(a => a.Age.ToString("F1", CultureInfo.InvariantCulture)))})");
    }

    [Fact]
    public async Task Stream_SquattersThatNeverRead_ReopeningWhenDropped_DoNotKeepARealViewerOut()
    {
        var env = new Dictionary<string, string>(BigFrames) { ["MAX_CLIENTS"] = "10" };
        await using var server = await ServerProcess.StartAsync(env);
        using var stop = new CancellationTokenSource();
        // 20 squatters on 20 addresses, so a per-address share alone cannot tell them from viewers.
        var squatters = Enumerable.Range(0, 20).Select(i => SquatAsync(server.Port, IPAddress.Parse($"127.0.3.{i + 1}"), stop.Token)).ToList();
        try
        {
            using var client = server.CreateClient();
            await Json.WaitForStatusAsync(client, s => s.GetProperty("clients").GetInt32() == 10, TimeSpan.FromSeconds(10));
            await Task.Delay(TimeSpan.FromSeconds(3)); // every squatter's buffers full

            var admitted = 0;
            var outcomes = new List<string>();
            for (var attempt = 0; attempt < 10; attempt++)
            {
                using var response = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead);
                outcomes.Add(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    using var firstFrame = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await new MultipartReader(await response.Content.ReadAsStreamAsync(firstFrame.Token)).ReadPartAsync(firstFrame.Token);
                    admitted++;
                }

                await Task.Delay(300);
            }

            // Emulated (qemu-user, 5-10 times slower) a sweep can miss a squatter's first stalled second now and then.
            Assert.True(admitted >= (PicamBinary.IsEmulated ? 7 : 9), $"a real viewer got in {admitted} times of 10 against 20 squatters ({string.Join(' ', outcomes)})");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(squatters);
        }
    }

    [Fact]
    public async Task Stream_OneAddressHoldingEverySlot_GivesOneUpToAViewerFromAnotherAddress()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["MAX_CLIENTS"] = "6" });
        using var stop = new CancellationTokenSource();
        var heavy = IPAddress.Parse("127.0.0.2");
        var readers = new List<Task>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                var viewer = await RawClient.ConnectAsync(server.Port, from: heavy);
                await viewer.SendAsync("GET /stream.mjpg HTTP/1.1\r\nHost: x\r\n\r\n");
                readers.Add(DrainAsync(viewer, stop.Token));
            }

            using var client = server.CreateClient();
            await Json.WaitForStatusAsync(client, s => s.GetProperty("clients").GetInt32() == 6, TimeSpan.FromSeconds(10));
            using var response = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var firstFrame = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await new MultipartReader(await response.Content.ReadAsStreamAsync(firstFrame.Token)).ReadPartAsync(firstFrame.Token);
            var status = await Json.GetAsync(client, "status");
            Assert.Equal(6, status.GetProperty("clients").GetInt32());
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(readers);
        }
    }

    /// <summary>Holds one never-read stream open from <paramref name="from"/>, reopening it as soon as the server drops it.</summary>
    private static async Task SquatAsync(int port, IPAddress from, CancellationToken token)
    {
        var poke = new byte[] { (byte)'\n' };
        while (!token.IsCancellationRequested)
        {
            try
            {
                using var raw = await RawClient.ConnectAsync(port, receiveBufferBytes: 4096, from: from, cancellationToken: token);
                await raw.SendAsync("GET /stream.mjpg HTTP/1.1\r\nHost: x\r\n\r\n");
                while (!token.IsCancellationRequested)
                {
                    await Task.Delay(250, token);
                    await raw.Socket.SendAsync(poke, SocketFlags.None, token); // fails once the server has closed it
                }
            }
            catch (SocketException)
            {
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }
        }
    }

    private static async Task DrainAsync(RawClient viewer, CancellationToken token)
    {
        using (viewer)
        {
            var buffer = new byte[65536];
            try
            {
                while (await viewer.Socket.ReceiveAsync(buffer, SocketFlags.None, token) > 0)
                {
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }
            catch (SocketException)
            {
            }
        }
    }
}
