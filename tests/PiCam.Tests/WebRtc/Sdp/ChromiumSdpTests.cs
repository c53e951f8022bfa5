using System.Net;
using System.Text.Json;
using PiCam.Tests.Support;
using PiCam.WebRtc.Sdp;

namespace PiCam.Tests.WebRtc.Sdp;

/// <summary>
/// The real judge of an SDP answer is a browser: headless Chromium makes a WHEP player's offer (recvonly
/// audio and video), we parse it and answer, and Chromium must accept the answer and settle on H.264
/// constrained baseline receiving video.
/// </summary>
public sealed class ChromiumSdpTests
{
    [Fact]
    public async Task ChromiumOffer_IsParsed_AndChromiumAcceptsOurAnswer_NegotiatingH264()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        var offerText = (await browser.EvaluateAsync("""
            (async () => {
              window.pc = new RTCPeerConnection();
              pc.addTransceiver('audio', { direction: 'recvonly' });
              pc.addTransceiver('video', { direction: 'recvonly' });
              const offer = await pc.createOffer();
              await pc.setLocalDescription(offer);
              return offer.sdp;
            })()
            """))!.GetValue<string>();

        Assert.True(SdpOfferParser.TryParse(offerText, out var offer, out var reason), reason);
        Assert.Equal("actpass", offer!.Setup);
        Assert.True(offer.Bundled);
        var answer = SdpAnswerWriter.Write(offer, new SdpAnswerOptions(
            "picamUfrag", "picamPasswordOf24Chars00",
            new SdpFingerprint("sha-256", Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray()),
            [new IPEndPoint(IPAddress.Parse("192.0.2.10"), 8443)], 0xCAFEBABE, "picam-test", 42));

        var applied = (await browser.EvaluateAsync($$"""
            pc.setRemoteDescription({ type: 'answer', sdp: {{JsonSerializer.Serialize(answer)}} })
              .then(() => 'ok', e => 'refused: ' + e.message)
            """))!.GetValue<string>();
        Assert.Equal("ok", applied);

        // A receiver lists every codec it can take; the one our answer chose must be H.264 constrained baseline.
        var video = (await browser.EvaluateAsync($$"""
            (() => {
              const t = pc.getTransceivers().find(t => t.receiver.track.kind === 'video');
              const codec = t.receiver.getParameters().codecs.find(c => c.payloadType === {{offer.H264PayloadType}});
              return [pc.signalingState, t.currentDirection, codec.mimeType, codec.sdpFmtpLine].join('|');
            })()
            """))!.GetValue<string>();
        var parts = video.Split('|');
        Assert.Equal("stable", parts[0]);
        Assert.Equal("recvonly", parts[1]);
        Assert.Equal("video/H264", parts[2]);
        Assert.Contains("packetization-mode=1", parts[3]);
        Assert.Contains("42e01f", parts[3]);
    }
}
