using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PiCam.Tests.Support;

/// <summary>
/// Sockets that live in another network namespace although this process does not: a short-lived thread
/// enters the namespace (setns), creates the socket and leaves. A socket keeps the namespace it was created
/// in, so the test talks from "another host" (or reaches a namespace's loopback) without a helper process.
/// Needs root (CAP_SYS_ADMIN), as every namespace test does.
/// </summary>
public static partial class NamespaceSockets
{
    private const int CloneNewNet = 0x40000000;

    public static Socket Create(string netns, SocketType type, ProtocolType protocol)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var home = File.OpenHandle("/proc/thread-self/ns/net");
                using var target = File.OpenHandle($"/run/netns/{netns}");
                Enter(target.DangerousGetHandle());
                try
                {
                    socket = new Socket(AddressFamily.InterNetwork, type, protocol);
                }
                finally
                {
                    Enter(home.DangerousGetHandle());
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return socket ?? throw new InvalidOperationException($"Could not create a socket in network namespace {netns}.", failure);
    }

    /// <summary>An HTTP (and WebSocket) handler whose connections start in <paramref name="netns"/>.</summary>
    public static SocketsHttpHandler HttpHandler(string netns) => new()
    {
        ConnectCallback = async (context, token) =>
        {
            var socket = Create(netns, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    private static void Enter(nint namespaceFd)
    {
        if (SetNs((int)namespaceFd, CloneNewNet) != 0)
        {
            throw new InvalidOperationException($"setns failed with errno {Marshal.GetLastPInvokeError()}: network namespaces need root.");
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
