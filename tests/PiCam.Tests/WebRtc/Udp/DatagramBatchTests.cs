using System.Net;
using System.Net.Sockets;
using PiCam.WebRtc.Udp;

namespace PiCam.Tests.WebRtc.Udp;

public sealed class DatagramBatchTests
{
    [Fact]
    public void Flush_SendsEveryDatagramWholeAndInOrder_AndEmptiesTheBatch()
    {
        using var receiver = LoopbackUdp();
        using var sender = LoopbackUdp();
        var remote = receiver.LocalEndPoint!.Serialize();
        var batch = new DatagramBatch(1232);
        var datagrams = Enumerable.Range(0, 20).Select(i => Enumerable.Range(0, i == 19 ? 300 : 1216).Select(b => (byte)(b + i)).ToArray()).ToList();
        foreach (var datagram in datagrams)
        {
            batch.Add(datagram);
        }

        var bytes = batch.Flush(sender, remote);

        Assert.Equal(datagrams.Sum(d => d.Length), bytes);
        Assert.Equal(0, batch.Count);
        var buffer = new byte[2048];
        foreach (var datagram in datagrams)
        {
            var n = receiver.Receive(buffer);
            Assert.Equal(datagram, buffer[..n]);
        }
    }

    [Fact]
    public unsafe void MessageHeader_HasLinuxsLp64Layout()
    {
        Assert.Equal(16, sizeof(LibcSendMmsg.IoVector));
        Assert.Equal(64, sizeof(LibcSendMmsg.MessageHeader));
        Assert.Equal(56, (int)System.Runtime.InteropServices.Marshal.OffsetOf<LibcSendMmsg.MessageHeader>(nameof(LibcSendMmsg.MessageHeader.Sent)));
    }

    [Fact]
    public void Flush_OnARelayedRoute_SendsEachDatagramAsChannelDataToTheTurnServer()
    {
        using var server = LoopbackUdp();
        using var sender = LoopbackUdp();
        var viewer = new IPEndPoint(IPAddress.Parse("10.79.2.2"), 50000);
        var route = new DatagramRoute(sender, (IPEndPoint)server.LocalEndPoint!, viewer, channel: 0x4001);
        var batch = new DatagramBatch(1232 + DatagramRoute.ChannelHeaderLength);
        byte[][] datagrams = [[.. Enumerable.Range(0, 1232).Select(b => (byte)b)], [1, 2, 3]];
        foreach (var datagram in datagrams)
        {
            batch.Add(datagram, route.Channel);
        }

        Assert.Equal(datagrams.Sum(d => d.Length + 4), batch.Flush(route));
        Assert.Equal(7, route.Send([9, 9, 9]));
        var buffer = new byte[2048];
        foreach (var expected in datagrams.Append([9, 9, 9]))
        {
            var n = server.Receive(buffer);
            Assert.True(PiCam.WebRtc.Turn.ChannelData.TryParse(buffer.AsSpan(0, n), out var channel, out var data));
            Assert.Equal(0x4001, channel);
            Assert.Equal(expected, data.ToArray());
        }

        Assert.Equal(viewer, route.Peer);
        Assert.True(route.Relayed);
    }

    [Fact]
    public void Add_BeyondTheBatch_IsRefused()
    {
        var batch = new DatagramBatch(100);
        for (var i = 0; i < DatagramBatch.MaxDatagrams; i++)
        {
            batch.Add(new byte[100]);
        }

        Assert.False(batch.HasRoom);
        Assert.Throws<InvalidOperationException>(() => batch.Add(new byte[1]));
        Assert.Throws<InvalidOperationException>(() => new DatagramBatch(100).Add(new byte[101]));
    }

    private static Socket LoopbackUdp()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.ReceiveTimeout = 10_000;
        return socket;
    }
}
