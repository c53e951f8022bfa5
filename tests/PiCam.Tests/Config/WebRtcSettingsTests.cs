using PiCam.Config;

namespace PiCam.Tests.Config;

public sealed class WebRtcSettingsTests
{
    [Fact]
    public void Validate_WebRtcKeys_AreTakenAndZeroTurnsItOff()
    {
        var (settings, problems) = Validate(new RawSettings { WebRtcPort = "0", WebRtcMaxSessions = "2", WebRtcAddresses = "203.0.113.7, cam.duckdns.org" });
        Assert.Empty(problems);
        Assert.Equal(0, settings.WebRtcPort);
        Assert.Equal(2, settings.WebRtcMaxSessions);
        Assert.Equal(["203.0.113.7", "cam.duckdns.org"], settings.WebRtcAddresses);
    }

    [Fact]
    public void Validate_BadWebRtcValues_FallBackWithAProblemEach()
    {
        var (settings, problems) = Validate(new RawSettings { WebRtcPort = "udp", WebRtcMaxSessions = "0", WebRtcAddresses = "ok.example, bad/name" });
        Assert.Equal(8189, settings.WebRtcPort);
        Assert.Equal(8, settings.WebRtcMaxSessions);
        Assert.Equal(["ok.example"], settings.WebRtcAddresses);
        Assert.Equal(["WEBRTC_PORT", "WEBRTC_MAX_SESSIONS", "WEBRTC_ADDRESSES"], problems.Select(p => p.Key));
    }

    private static (PicamSettings Settings, IReadOnlyList<ConfigProblem> Problems) Validate(RawSettings raw)
    {
        var reader = new SettingsReader();
        var settings = reader.Validate(raw, "/etc/picam-test.env");
        return (settings, reader.Problems);
    }
}
