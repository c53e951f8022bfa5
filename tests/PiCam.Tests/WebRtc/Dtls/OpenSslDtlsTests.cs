using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Org.BouncyCastle.Tls;
using PiCam.Tests.Support;
using PiCam.WebRtc.Dtls;
using PiCam.WebRtc.Sdp;
using PiCam.WebRtc.Srtp;
using X509Request = System.Security.Cryptography.X509Certificates.CertificateRequest;

namespace PiCam.Tests.WebRtc.Dtls;

/// <summary>
/// OpenSSL's <c>s_client</c> is an independent DTLS 1.2 client: it offers use_srtp, presents a client
/// certificate, and prints the keying material it exports, which must equal ours byte for byte.
/// </summary>
public sealed partial class OpenSslDtlsTests
{
    [Theory]
    [InlineData("SRTP_AEAD_AES_128_GCM", (int)SrtpProfile.AeadAes128Gcm)]
    [InlineData("SRTP_AES128_CM_SHA1_80", (int)SrtpProfile.AesCm128HmacSha1_80)]
    public async Task OpenSslClient_WithTheOfferedCertificate_ExportsTheSameSrtpKeys(string opensslProfile, int profile)
    {
        using var directory = new TempDirectory();
        var clientFingerprint = WriteClientCertificate(directory);
        var keyLength = 2 * (16 + SrtpProfiles.MasterSaltLength((SrtpProfile)profile));
        await using var run = new Handshake(new DtlsSrtpServer(DtlsCertificate.Generate(TimeProvider.System), clientFingerprint));

        var (output, accepted) = await run.WithOpenSslAsync(directory, opensslProfile, keyLength);

        Assert.Null(accepted);
        Assert.Contains($"SRTP Extension negotiated, profile={opensslProfile}", output);
        var exported = KeyingMaterialLine().Match(output);
        Assert.True(exported.Success, output);
        Assert.Equal(exported.Groups[1].Value.ToLowerInvariant(), Hex.Of(run.Server.KeyingMaterial));
        Assert.Equal((SrtpProfile)profile, run.Server.Profile);
        Assert.True(run.Server.PeerVerified);
        var (outbound, inbound) = DtlsSrtpKeys.ForServer(run.Server.Profile!.Value, run.Server.KeyingMaterial);
        outbound.Dispose();
        inbound.Dispose();
    }

    [Fact]
    public async Task OpenSslClient_WhoseCertificateIsNotTheOffered_IsRefused()
    {
        using var directory = new TempDirectory();
        WriteClientCertificate(directory);
        var someoneElse = new SdpFingerprint("sha-256", SHA256.HashData("not the client's certificate"u8));
        await using var run = new Handshake(new DtlsSrtpServer(DtlsCertificate.Generate(TimeProvider.System), someoneElse));

        var (output, accepted) = await run.WithOpenSslAsync(directory, "SRTP_AEAD_AES_128_GCM", 56);

        Assert.IsType<TlsFatalAlert>(accepted);
        Assert.Null(run.Server.KeyingMaterial);
        Assert.False(run.Server.PeerVerified);
        // OpenSSL prints its own exporter output either way; what it received from us is the alert.
        Assert.Contains("alert bad certificate", output);
    }

    private static SdpFingerprint WriteClientCertificate(TempDirectory directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new X509Request("CN=browser", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        directory.Write("client.pem", certificate.ExportCertificatePem());
        directory.Write("client.key", key.ExportPkcs8PrivateKeyPem());
        return new SdpFingerprint("sha-256", SHA256.HashData(certificate.RawData));
    }

    [GeneratedRegex(@"Keying material: ([0-9A-Fa-f]+)")]
    private static partial Regex KeyingMaterialLine();

    /// <summary>Our server on a loopback UDP socket: a receive loop feeding the queue, Accept on its own thread.</summary>
    private sealed class Handshake : IAsyncDisposable
    {
        private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(60));
        private readonly DtlsDatagramQueue _queue;
        private IPEndPoint? _peer;

        public Handshake(DtlsSrtpServer server)
        {
            Server = server;
            _queue = new DtlsDatagramQueue(datagram => _udp.Send(datagram, datagram.Length, _peer));
        }

        public DtlsSrtpServer Server { get; }

        public async Task<(string Output, Exception? AcceptFailure)> WithOpenSslAsync(TempDirectory directory, string profile, int keyLength)
        {
            var port = ((IPEndPoint)_udp.Client.LocalEndPoint!).Port;
            var receiving = ReceiveAsync();
            var accept = Task.Factory.StartNew(() => new DtlsServerProtocol().Accept(Server, _queue), TaskCreationOptions.LongRunning);
            var start = new ProcessStartInfo("openssl") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[]
            {
                "s_client", "-dtls1_2", "-connect", $"127.0.0.1:{port}", "-use_srtp", profile,
                "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", $"{keyLength}",
                "-cert", directory.File("client.pem"), "-key", directory.File("client.key"),
            })
            {
                start.ArgumentList.Add(arg);
            }

            using var openssl = Process.Start(start)!;
            var stdout = openssl.StandardOutput.ReadToEndAsync(_stop.Token);
            var stderr = openssl.StandardError.ReadToEndAsync(_stop.Token);
            Exception? failure = null;
            DtlsTransport? transport = null;
            try
            {
                transport = await accept.WaitAsync(_stop.Token);
            }
            catch (TlsException e)
            {
                failure = e;
            }

            openssl.StandardInput.Close();
            await openssl.WaitForExitAsync(_stop.Token);
            transport?.Close();
            var output = await stdout + await stderr;
            _queue.Close();
            await _stop.CancelAsync();
            await receiving;
            return (output, failure);
        }

        private async Task ReceiveAsync()
        {
            try
            {
                while (true)
                {
                    var received = await _udp.ReceiveAsync(_stop.Token);
                    _peer = received.RemoteEndPoint;
                    if (DtlsDatagramQueue.LooksLikeDtls(received.Buffer))
                    {
                        _queue.Enqueue(received.Buffer);
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
        }

        public ValueTask DisposeAsync()
        {
            _stop.Dispose();
            _udp.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
