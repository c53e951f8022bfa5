using PiCam.Config;

namespace PiCam.Tests.Config;

public sealed class RemoteAccessSettingsTests
{
    private static (PicamSettings Settings, IReadOnlyList<ConfigProblem> Problems) Validate(RawSettings raw)
    {
        var reader = new SettingsReader();
        return (reader.Validate(raw, "/tmp/picam.env"), reader.Problems);
    }

    [Fact]
    public void Validate_Peers_AreNameUrlPairsWithUnderscoresAsSpaces()
    {
        var (settings, problems) = Validate(new RawSettings { Peers = "Back_Garden=https://garden.example.org:8443/ Porch=http://10.0.0.5:8000/" });

        Assert.Empty(problems);
        Assert.Equal([new PeerCamera("Back Garden", new Uri("https://garden.example.org:8443/")), new PeerCamera("Porch", new Uri("http://10.0.0.5:8000/"))], settings.Peers);
    }

    [Theory]
    [InlineData("Garden")]
    [InlineData("=https://x.example.org/")]
    [InlineData("Garden=ftp://x.example.org/")]
    [InlineData("Garden=not-a-url")]
    public void Validate_MalformedPeer_IsSkippedWithAProblem(string value)
    {
        var (settings, problems) = Validate(new RawSettings { Peers = value });

        Assert.Empty(settings.Peers);
        Assert.Equal("PEERS", Assert.Single(problems).Key);
    }

    [Fact]
    public void Validate_CertPeers_AcceptHostsAndHostPortsAndSkipTheRest()
    {
        var (settings, problems) = Validate(new RawSettings { CertPeers = "192.168.1.31 garden.local:2222, bad:port:x back:99999" });

        Assert.Equal(["192.168.1.31", "garden.local:2222"], settings.CertPeers);
        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Equal("CERT_PEERS", p.Key));
    }

    [Fact]
    public void Validate_DuckDnsDomains_DropTheDuckDnsSuffixAndLowerCase()
    {
        var (settings, problems) = Validate(new RawSettings { DuckDnsDomains = "MyCam.duckdns.org, porch" });

        Assert.Empty(problems);
        Assert.Equal(["mycam", "porch"], settings.DuckDnsDomains);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("my cam.example.org")]
    [InlineData("https://mycam.duckdns.org")]
    public void Validate_CertbotDomainThatIsNotAPublicName_RequestsNoCertificate(string value)
    {
        var (settings, problems) = Validate(new RawSettings { CertbotDomain = value });

        Assert.Null(settings.CertbotDomain);
        Assert.Equal("CERTBOT_DOMAIN", Assert.Single(problems).Key);
    }

    [Fact]
    public void Validate_CertbotSettings_AreTaken()
    {
        var (settings, problems) = Validate(new RawSettings
        {
            CertbotDomain = "MyCam.DuckDNS.org", CertbotEmail = "me@example.org", CertbotStaging = "1",
            CertbotServer = "https://127.0.0.1:14000/dir", HttpPort = "8080",
        });

        Assert.Empty(problems);
        Assert.Equal(("mycam.duckdns.org", "me@example.org", true, "https://127.0.0.1:14000/dir", 8080),
            (settings.CertbotDomain, settings.CertbotEmail, settings.CertbotStaging, settings.CertbotServer, settings.HttpPort));
    }

    [Fact]
    public void Validate_ViewerUserWithAColon_TurnsLoginOffWithAProblem()
    {
        var (settings, problems) = Validate(new RawSettings { ViewerUser = "a:b", ViewerPasswordHash = "x" });

        Assert.Null(settings.ViewerUser);
        Assert.Equal("VIEWER_USER", Assert.Single(problems).Key);
    }

    [Fact]
    public void Validate_SecretValues_NeverAppearInProblems()
    {
        const string secret = "s3cr3t-t0ken-value";
        var (_, problems) = Validate(new RawSettings
        {
            DuckDnsToken = secret, ViewerPassword = secret, ViewerPasswordHash = secret, DuckDnsDomains = "bad domain!",
            ViewerUser = "x:y", CertbotEmail = "nope",
        });

        Assert.NotEmpty(problems);
        Assert.DoesNotContain(problems, p => p.Message.Contains(secret, StringComparison.Ordinal));
    }
}
