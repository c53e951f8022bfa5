using System.Net;
using PiCam.WebRtc.Sdp;

namespace PiCam.Tests.WebRtc.Sdp;

public sealed class SdpAnswerWriterTests
{
    private static readonly SdpAnswerOptions Ours = new(
        "picamUfrag",
        "picamPasswordOf24Chars00",
        new SdpFingerprint("sha-256", Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray()),
        [new IPEndPoint(IPAddress.Parse("192.168.1.20"), 8443), new IPEndPoint(IPAddress.Parse("fd00::20"), 8443)],
        0xCAFEBABE,
        "picam-kitchen",
        123456789);

    private static string[] AnswerLines(string offerText)
    {
        Assert.True(SdpOfferParser.TryParse(offerText, out var offer, out var reason), reason);
        var answer = SdpAnswerWriter.Write(offer!, Ours);
        Assert.EndsWith("\r\n", answer);
        Assert.DoesNotContain("\n", answer.Replace("\r\n", ""));
        return answer.Split("\r\n");
    }

    [Fact]
    public void ChromeAnswer_KeepsTheSectionOrder_RejectsAudio_AndSendsH264OnTheOfferedPayloadType()
    {
        var lines = AnswerLines(BrowserOffers.Chrome);

        var media = lines.Where(l => l.StartsWith("m=", StringComparison.Ordinal)).ToList();
        Assert.Equal(["m=audio 0 UDP/TLS/RTP/SAVPF 111", "m=video 9 UDP/TLS/RTP/SAVPF 106"], media);
        Assert.Equal("v=0", lines[0]);
        Assert.Contains("a=group:BUNDLE 1", lines);
        Assert.Contains("a=ice-lite", lines);
        Assert.Contains("a=setup:passive", lines);
        Assert.Contains("a=sendonly", lines);
        Assert.Contains("a=inactive", lines);
        Assert.Contains("a=mid:0", lines);
        Assert.Contains("a=mid:1", lines);
        Assert.Contains("a=rtcp-mux", lines);
        Assert.Contains("a=rtcp-rsize", lines);
        Assert.Contains("a=rtpmap:106 H264/90000", lines);
        Assert.Contains("a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", lines);
        Assert.Contains("a=rtcp-fb:106 nack pli", lines);
        Assert.DoesNotContain("a=rtcp-fb:106 goog-remb", lines);
        Assert.Contains("a=ice-ufrag:picamUfrag", lines);
        Assert.Contains("a=ice-pwd:picamPasswordOf24Chars00", lines);
        Assert.Contains("a=ssrc:3405691582 cname:picam-kitchen", lines);
        Assert.Contains(lines, l => l.StartsWith("a=fingerprint:sha-256 00:07:0E:15:", StringComparison.Ordinal));
        Assert.Contains("a=candidate:1 1 udp 2130706431 192.168.1.20 8443 typ host", lines);
        Assert.Contains("a=candidate:2 1 udp 2130706175 fd00::20 8443 typ host", lines);
        Assert.Contains("a=end-of-candidates", lines);
    }

    [Fact]
    public void FirefoxAnswer_HasOnlyTheVideoSection()
    {
        var lines = AnswerLines(BrowserOffers.Firefox);

        Assert.Equal(["m=video 9 UDP/TLS/RTP/SAVPF 126"], lines.Where(l => l.StartsWith("m=", StringComparison.Ordinal)));
        Assert.Contains("a=group:BUNDLE 0", lines);
        Assert.Contains("a=rtcp-fb:126 ccm fir", lines);
    }

    [Fact]
    public void Fingerprint_FormatsAndParsesBack()
    {
        Assert.True(SdpFingerprint.TryParse(Ours.Fingerprint.ToString(), out var parsed));

        Assert.Equal(Ours.Fingerprint.Hash, parsed!.Hash);
        Assert.Equal("sha-256", parsed.Algorithm);
    }
}
