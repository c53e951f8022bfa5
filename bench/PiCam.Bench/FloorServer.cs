using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PiCam.Bench;

/// <summary>
/// The baseline: the least work any server must do to deliver the stream. No HTTP framework; each
/// frame's multipart bytes (same format as picam's ?timestamps=1) are built once and written to every client.
/// </summary>
internal static class FloorServer
{
    private static readonly byte[] ResponseHead = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary=FRAME\r\n" +
        "Cache-Control: no-cache\r\nConnection: close\r\n\r\n");

    public static async Task<int> RunAsync(Options options)
    {
        var frames = MjpegFile.Load(options.Get("file"));
        var fps = options.GetDouble("fps", 30);
        var clients = new ConcurrentDictionary<FloorClient, byte>();
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, options.GetInt("port")));
        listener.Listen(1024);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.GetDouble("max-seconds", 600)));
        new Thread(() => Publish(frames, fps, clients, stop.Token)) { IsBackground = true, Name = "floor-publisher" }.Start();
        Console.WriteLine($"floor: 127.0.0.1:{options.GetInt("port")} {frames.Count} frames at {fps} fps");
        try
        {
            while (true)
            {
                var socket = await listener.AcceptAsync(stop.Token);
                _ = ServeAsync(socket, clients);
            }
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
    }

    private static async Task ServeAsync(Socket socket, ConcurrentDictionary<FloorClient, byte> clients)
    {
        try
        {
            socket.NoDelay = true;
            var request = new byte[4096];
            var length = 0;
            while (request.AsSpan(0, length).IndexOf("\r\n\r\n"u8) < 0)
            {
                var n = await socket.ReceiveAsync(request.AsMemory(length), SocketFlags.None);
                if (n == 0 || (length += n) == request.Length)
                {
                    socket.Dispose();
                    return;
                }
            }

            await socket.SendAsync(ResponseHead, SocketFlags.None);
            clients.TryAdd(new FloorClient(socket, c => clients.TryRemove(c, out _)), 0);
        }
        catch (SocketException)
        {
            socket.Dispose();
        }
    }

    private static void Publish(IReadOnlyList<byte[]> frames, double fps, ConcurrentDictionary<FloorClient, byte> clients, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        for (long tick = 0; !stop.IsCancellationRequested; tick++)
        {
            var due = TimeSpan.FromSeconds(tick / fps);
            if (due > clock.Elapsed)
            {
                Thread.Sleep(due - clock.Elapsed);
            }

            var jpeg = frames[(int)(tick % frames.Count)];
            var head = Encoding.ASCII.GetBytes(
                $"--FRAME\r\nContent-Type: image/jpeg\r\nContent-Length: {jpeg.Length}\r\nX-Timestamp: {UnixTime.Format(UnixTime.NowMicros())}\r\n\r\n");
            var part = new byte[head.Length + jpeg.Length + 2];
            head.CopyTo(part, 0);
            jpeg.CopyTo(part, head.Length);
            "\r\n"u8.CopyTo(part.AsSpan(head.Length + jpeg.Length));
            foreach (var client in clients.Keys)
            {
                client.Offer(part);
            }
        }
    }
}
