using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PiCam.WebRtc.Rtcp;
using PiCam.WebRtc.Srtp;

namespace PiCam.Tests.WebRtc.Srtp;

/// <summary>
/// An independent implementation: ffmpeg's SRTP (libavformat) sends AES_CM_128_HMAC_SHA1_80 RTP and SRTCP
/// from a master key we choose; we must authenticate and decrypt every packet. The source is silence, which
/// mu-law encodes as 0xFF, so a wrong cipher key would show in the payload; the decrypted sender report
/// must parse as RTCP and carry the stream's SSRC and a current wallclock.
/// </summary>
public sealed class FfmpegSrtpInteropTests
{
    [Fact]
    public async Task FfmpegSrtpStream_IsAuthenticatedAndDecrypted_RtpAndRtcp()
    {
        var master = Enumerable.Range(0, 30).Select(i => (byte)(i * 37 + 11)).ToArray();
        using var rtp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var rtcp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var rtpPort = ((IPEndPoint)rtp.Client.LocalEndPoint!).Port;
        var rtcpPort = ((IPEndPoint)rtcp.Client.LocalEndPoint!).Port;
        using var receiver = new SrtpContext(SrtpProfile.AesCm128HmacSha1_80, master.AsSpan(0, 16), master.AsSpan(16));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[]
        {
            "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "1.5",
            "-c:a", "pcm_mulaw", "-f", "rtp", "-sdp_file", "/dev/null",
            "-srtp_out_suite", "AES_CM_128_HMAC_SHA1_80", "-srtp_out_params", Convert.ToBase64String(master),
            $"srtp://127.0.0.1:{rtpPort}?rtcpport={rtcpPort}",
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var ffmpeg = Process.Start(start)!;
        var rtcpTask = rtcp.ReceiveAsync(timeout.Token).AsTask();
        uint? ssrc = null;
        var packets = 0;
        while (packets < 8)
        {
            var datagram = (await rtp.ReceiveAsync(timeout.Token)).Buffer;
            Assert.True(receiver.TryUnprotectRtp(datagram, datagram.Length, out var length), $"RTP packet {packets} did not authenticate");
            Assert.Equal(0, datagram[1] & 0x7F);
            Assert.All(datagram[12..length], b => Assert.Equal(0xFF, b));
            ssrc ??= BinaryPrimitives.ReadUInt32BigEndian(datagram.AsSpan(8));
            packets++;
        }

        var report = (await rtcpTask).Buffer;
        Assert.True(receiver.TryUnprotectRtcp(report, report.Length, out var reportLength), "the SRTCP sender report did not authenticate");
        var compound = new RtcpCompound(report.AsSpan(0, reportLength));
        Assert.True(compound.MoveNext());
        Assert.True(RtcpSenderReport.TryParse(compound.Current, out var senderReport));
        Assert.Equal(ssrc, senderReport.Ssrc);
        Assert.InRange(senderReport.NtpTimestamp >> 32, NtpTimestamp.From(DateTimeOffset.UtcNow.AddMinutes(-5)) >> 32, NtpTimestamp.From(DateTimeOffset.UtcNow) >> 32);
        await ffmpeg.WaitForExitAsync(timeout.Token);
    }
}
