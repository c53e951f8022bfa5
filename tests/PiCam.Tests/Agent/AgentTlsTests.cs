using PiCam.Tests.Support;

namespace PiCam.Tests.Agent;

/// <summary>wss:// against a backend with a private certificate authority: trusted only through BACKEND_CA_FILE.</summary>
[Trait("Category", "Integration")]
public sealed class AgentTlsTests
{
    private static readonly TimeSpan Patience = PicamBinary.Scaled(TimeSpan.FromSeconds(20));

    [Fact]
    public async Task Agent_WssWithTheBackendsCaFile_ConnectsAndGetsItsPairingCodeOverHttps()
    {
        using var dir = new TempDirectory();
        using var certificate = TestCertificate.Create("backend.test");
        TestCertificate.WritePem(certificate, dir.File("ca.pem"), dir.File("key.pem"));
        await using var backend = await BackendStandIn.StartAsync(certificate: certificate);
        backend.Unpaired.Add("cam-tls");
        await using var agent = await AgentProcess.StartAsync(backend.DeviceUrl, dir.Path, "cam-tls",
            env: new Dictionary<string, string> { ["BACKEND_CA_FILE"] = dir.File("ca.pem") });
        using var client = agent.CreateClient();

        var status = await Json.WaitForStatusAsync(client, s => AgentProcess.Connected(s) && AgentProcess.Agent(s).GetProperty("pairing_code").GetString() is not null, Patience);

        Assert.True(AgentProcess.Connected(status), agent.Output);
        Assert.StartsWith("wss://", AgentProcess.Agent(status).GetProperty("backend").GetString(), StringComparison.Ordinal);
        Assert.Equal(backend.PairingCode, AgentProcess.Agent(status).GetProperty("pairing_code").GetString());
    }

    [Fact]
    public async Task Agent_WssWithoutTheCaFile_RefusesTheUntrustedBackendAndSaysWhy()
    {
        using var dir = new TempDirectory();
        using var certificate = TestCertificate.Create("backend.test");
        await using var backend = await BackendStandIn.StartAsync(certificate: certificate);
        await using var agent = await AgentProcess.StartAsync(backend.DeviceUrl, dir.Path, "cam-untrusted");
        using var client = agent.CreateClient();

        var status = await Json.WaitForStatusAsync(client, s => AgentProcess.Agent(s).GetProperty("last_error").GetString() is not null, Patience);

        Assert.False(AgentProcess.Connected(status));
        Assert.Empty(backend.Hellos);
        Assert.Contains("SSL", AgentProcess.Agent(status).GetProperty("last_error").GetString(), StringComparison.OrdinalIgnoreCase);
    }
}
