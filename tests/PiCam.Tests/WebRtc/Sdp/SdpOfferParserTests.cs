using PiCam.WebRtc.Sdp;

namespace PiCam.Tests.WebRtc.Sdp;

public sealed class SdpOfferParserTests
{
    private static SdpOffer Parse(string text)
    {
        Assert.True(SdpOfferParser.TryParse(text, out var offer, out var reason), reason);
        return offer!;
    }

    [Fact]
    public void ChromeOffer_ChoosesConstrainedBaselineInPacketizationMode1_AndReadsItsCredentials()
    {
        var offer = Parse(BrowserOffers.Chrome);

        Assert.Equal(106, offer.H264PayloadType);
        Assert.Contains("profile-level-id=42e01f", offer.H264Fmtp);
        Assert.Equal(["ccm fir", "nack", "nack pli"], offer.Feedback);
        Assert.Equal("EsAw", offer.IceUfrag);
        Assert.Equal("bP+XJMM09aR8AiX1jdukzR6Y", offer.IcePwd);
        Assert.Equal("sha-256", offer.Fingerprint.Algorithm);
        Assert.Equal(32, offer.Fingerprint.Hash.Length);
        Assert.Equal(0x4B, offer.Fingerprint.Hash[0]);
        Assert.Equal(BrowserOffers.ChromeFingerprint, offer.Fingerprint.ToString());
        Assert.Equal("actpass", offer.Setup);
        Assert.Equal("1", offer.VideoMid);
        Assert.Equal(1, offer.VideoIndex);
        Assert.True(offer.Bundled);
        Assert.True(offer.ReducedSizeRtcp);
        Assert.Equal(2, offer.Sections.Count);
    }

    [Fact]
    public void FirefoxOffer_TakesTheSessionLevelFingerprint_AndSkipsTheModeZeroFormat()
    {
        var offer = Parse(BrowserOffers.Firefox);

        Assert.Equal(126, offer.H264PayloadType);
        Assert.Equal(0x0E, offer.Fingerprint.Hash[0]);
        Assert.Equal("4f1b2c3d", offer.IceUfrag);
        Assert.Equal("0", offer.VideoMid);
        Assert.Equal(["nack", "nack pli", "ccm fir"], offer.Feedback);
    }

    [Fact]
    public void BareLineFeeds_AreAcceptedLikeCrlf()
    {
        Assert.Equal(106, Parse(BrowserOffers.Chrome.Replace("\r\n", "\n")).H264PayloadType);
    }

    [Fact]
    public void BaselineOnly_IsAccepted_WhenNoConstrainedBaselineIsOffered()
    {
        var offer = Parse(BrowserOffers.Chrome.Replace("profile-level-id=42e01f", "profile-level-id=4d0032"));

        Assert.Equal(102, offer.H264PayloadType);
    }

    public static TheoryData<string, string, string> HostileOffers => new()
    {
        { "empty", "", "empty" },
        { "garbage", "hello, camera", "not an SDP offer" },
        { "oversized", "v=0\r\n" + new string('a', SdpOfferParser.MaxLength), "larger than 64 KiB" },
        { "audio only", Cut(BrowserOffers.Chrome, "m=video"), "no video section" },
        { "VP8 only", BrowserOffers.Chrome.Replace("H264/90000", "H265/90000"), "no H.264" },
        { "mode 0 only", BrowserOffers.Chrome.Replace("packetization-mode=1", "packetization-mode=0"), "packetization-mode=1" },
        { "high profile only", BrowserOffers.Chrome.Replace("profile-level-id=42", "profile-level-id=64"), "no H.264" },
        { "sends video", Replace(BrowserOffers.Chrome, "a=mid:1", "a=recvonly", "a=sendonly"), "does not receive video" },
        { "no ICE password", BrowserOffers.Chrome.Replace("a=ice-pwd:", "a=ice-pw:"), "ICE credentials" },
        { "short ICE password", BrowserOffers.Chrome.Replace("bP+XJMM09aR8AiX1jdukzR6Y", "short"), "ICE credentials" },
        { "no fingerprint", BrowserOffers.Chrome.Replace("a=fingerprint:", "a=fingerprunt:"), "fingerprint" },
        { "bad fingerprint", BrowserOffers.Chrome.Replace("4B:1A:8F", "4B:1A"), "fingerprint" },
        { "we would be the DTLS client", BrowserOffers.Chrome.Replace("a=setup:actpass", "a=setup:passive"), "DTLS server" },
        { "no rtcp-mux", BrowserOffers.Chrome.Replace("a=rtcp-mux", "a=rtcp-muxx"), "rtcp-mux" },
        { "plain RTP", BrowserOffers.Chrome.Replace("m=video 9 UDP/TLS/RTP/SAVPF", "m=video 9 RTP/AVP"), "UDP/TLS/RTP/SAVPF" },
        { "mid with a quote", BrowserOffers.Chrome.Replace("a=mid:1", "a=mid:1\"><script>"), "a=mid" },
        { "NUL byte", BrowserOffers.Chrome.Replace("s=-", "s=\0"), "malformed line" },
        { "bad m-line", BrowserOffers.Chrome.Replace("m=video 9 ", "m=video nine "), "malformed m= line" },
        { "too many sections", BrowserOffers.Chrome + string.Concat(Enumerable.Repeat("m=audio 9 UDP/TLS/RTP/SAVPF 0\r\n", 40)), "more than 32 media sections" },
    };

    [Theory]
    [MemberData(nameof(HostileOffers))]
    public void HostileOffer_IsRefused_WithAOneLineReason(string name, string text, string expected)
    {
        Assert.False(SdpOfferParser.TryParse(text, out var offer, out var reason), name);

        Assert.Null(offer);
        Assert.Contains(expected, reason);
        Assert.DoesNotContain('\n', reason);
        Assert.EndsWith(".", reason);
    }

    [Fact]
    public void MutatedOffers_NeverThrow()
    {
        var random = new Random(8866);
        var lines = BrowserOffers.Chrome.Split("\r\n");
        var accepted = 0;
        for (var i = 0; i < 3000; i++)
        {
            var mutated = lines.Where(_ => random.Next(12) != 0).Select(line =>
            {
                if (line.Length == 0 || random.Next(6) != 0)
                {
                    return line;
                }

                var chars = line.ToCharArray();
                chars[random.Next(chars.Length)] = (char)random.Next(0, 128);
                return new string(chars);
            });
            if (SdpOfferParser.TryParse(string.Join("\r\n", mutated), out _, out var reason))
            {
                accepted++;
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(reason));
            }
        }

        Assert.InRange(accepted, 1, 2999);
    }

    private static string Cut(string offer, string from) => offer[..offer.IndexOf(from, StringComparison.Ordinal)];

    private static string Replace(string offer, string after, string old, string replacement)
    {
        var at = offer.IndexOf(after, StringComparison.Ordinal);
        return offer[..at] + offer[at..].Replace(old, replacement);
    }
}
