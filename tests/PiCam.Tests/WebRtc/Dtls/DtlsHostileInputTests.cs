using Org.BouncyCastle.Tls;
using PiCam.WebRtc.Dtls;
using PiCam.WebRtc.Sdp;

namespace PiCam.Tests.WebRtc.Dtls;

public sealed class DtlsHostileInputTests
{
    [Fact]
    public async Task GarbageInsteadOfAClientHello_EndsTheHandshakeWithinItsTimeout_WithoutSendingKeys()
    {
        var certificate = DtlsCertificate.Generate(TimeProvider.System);
        var server = new DtlsSrtpServer(certificate, new SdpFingerprint("sha-256", new byte[32]), TimeSpan.FromSeconds(1));
        var sent = 0;
        var queue = new DtlsDatagramQueue(_ => Interlocked.Increment(ref sent));
        var random = new Random(5764);
        for (var i = 0; i < 50; i++)
        {
            var datagram = new byte[random.Next(13, 300)];
            random.NextBytes(datagram);
            datagram[0] = (byte)random.Next(20, 64);
            queue.Enqueue(datagram);
        }

        var accept = Task.Factory.StartNew(() => new DtlsServerProtocol().Accept(server, queue), TaskCreationOptions.LongRunning);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => accept.WaitAsync(TimeSpan.FromSeconds(30)));
        // BouncyCastle reports the timeout as TlsTimeoutException, an IOException, not a TlsException.
        Assert.IsType<TlsTimeoutException>(failure);
        Assert.Null(server.KeyingMaterial);
    }

    [Fact]
    public void Queue_BeyondItsBound_DropsDatagrams_AndAfterCloseAcceptsNone()
    {
        var queue = new DtlsDatagramQueue(_ => { });
        for (var i = 0; i < DtlsDatagramQueue.MaxQueued; i++)
        {
            Assert.True(queue.Enqueue(new byte[20]));
        }

        Assert.False(queue.Enqueue(new byte[20]));
        Assert.Equal(20, queue.Receive(new byte[1500], 0, 1500, 0));
        queue.Close();
        Assert.False(queue.Enqueue(new byte[20]));
        Assert.False(DtlsDatagramQueue.LooksLikeDtls([0x00, 0x01]));
        Assert.True(DtlsDatagramQueue.LooksLikeDtls(new byte[13] { 22, 254, 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }));
    }

    [Fact]
    public void Queue_Closed_HandsOutWhatItHolds_ThenThrowsAtOnceInsteadOfWaiting()
    {
        var queue = new DtlsDatagramQueue(_ => { });
        Assert.True(queue.Enqueue(new byte[20]));
        queue.Close();

        Assert.Equal(20, queue.Receive(new byte[1500], 0, 1500, 10_000));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var closed = Assert.Throws<IOException>(() => queue.Receive(new byte[1500], 0, 1500, 60_000));
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"{waited.Elapsed}"); // not the minute it was allowed
        Assert.Equal("The WebRTC session has ended.", closed.Message);
    }
}
