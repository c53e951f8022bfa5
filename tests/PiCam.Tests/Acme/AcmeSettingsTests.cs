using Microsoft.Extensions.Configuration;
using PiCam.Config;
using PiCam.Http.Acme;
using PiCam.Tests.Support;

namespace PiCam.Tests.Acme;

/// <summary>What CERTBOT_DOMAIN means for the server's own settings: where it reads the certificate, which ports.</summary>
public sealed class AcmeSettingsTests
{
    private static (PicamSettings Settings, IReadOnlyList<ConfigProblem> Problems) Read(params (string Key, string Value)[] keys)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(keys.Select(k => new KeyValuePair<string, string?>(k.Key, k.Value)))
            .Build();
        return SettingsReader.Read(configuration, "/boot/firmware/picam.env");
    }

    [Fact]
    public void A_certbot_domain_without_keyfile_and_certfile_reads_the_copies_the_deploy_hook_installs()
    {
        var (settings, problems) = Read(("CERTBOT_DOMAIN", "cam.example.org"), ("PORT", "443"));

        Assert.Empty(problems);
        Assert.Equal("/var/lib/picam/tls/fullchain.pem", settings.CertFile);
        Assert.Equal("/var/lib/picam/tls/privkey.pem", settings.KeyFile);
        Assert.Equal(AcmePaths.CertFile, settings.CertFile);
    }

    [Fact]
    public void Keyfile_and_certfile_set_by_hand_win()
    {
        var (settings, _) = Read(("CERTBOT_DOMAIN", "cam.example.org"), ("PORT", "443"), ("KEYFILE", "/k.pem"), ("CERTFILE", "/c.pem"));

        Assert.Equal("/c.pem", settings.CertFile);
        Assert.Equal("/k.pem", settings.KeyFile);
    }

    [Fact]
    public void Without_a_certbot_domain_nothing_changes()
    {
        var (settings, _) = Read(("PORT", "8000"));

        Assert.Null(settings.CertFile);
        Assert.False(AcmeSetup.ListensOnHttpPort(settings));
        Assert.False(AcmeSetup.WaitingForFirstCertificate(settings));
    }

    [Fact]
    public void Http_port_equal_to_port_is_a_problem_and_no_certificate_is_requested()
    {
        var (settings, problems) = Read(("CERTBOT_DOMAIN", "cam.example.org"), ("PORT", "80"));

        Assert.Contains(problems, p => p.Key == "HTTP_PORT");
        Assert.Null(settings.CertbotDomain);
        Assert.False(AcmeSetup.ListensOnHttpPort(settings));
    }

    [Fact]
    public void Until_the_deploy_hook_installed_a_certificate_the_server_waits_for_it_and_says_so()
    {
        using var dir = new TempDirectory();
        var settings = new PicamSettings { CertbotDomain = "cam.example.org", Port = 443, HttpPort = 80, CertFile = dir.File("fullchain.pem"), KeyFile = dir.File("privkey.pem") };

        Assert.True(AcmeSetup.WaitingForFirstCertificate(settings));
        Assert.True(AcmeSetup.ListensOnHttpPort(settings));
        var problem = AcmeSetup.WaitingProblem(settings);
        Assert.Equal("CERTBOT_DOMAIN", problem.Key);
        Assert.Contains("port 80 to port 80", problem.Message, StringComparison.Ordinal);

        dir.Write("fullchain.pem", "installed");
        Assert.False(AcmeSetup.WaitingForFirstCertificate(settings));
    }
}
