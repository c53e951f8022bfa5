using PiCam.WebRtc.Turn;

namespace PiCam.Tests.WebRtc.Turn;

public sealed class TurnRestCredentialsTests
{
    [Fact]
    public void Create_GivesExpiryColonName_AndTheBase64HmacSha1OfIt()
    {
        // Expected from: printf '1700000000:cam-001' | openssl dgst -sha1 -hmac north -binary | base64
        var (username, password) = TurnRestCredentials.Create("north", "cam-001", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

        Assert.Equal("1700000000:cam-001", username);
        Assert.Equal("HBtuL4N0S5TVRFcuaxsp/+D/PNY=", password);
    }

    [Fact]
    public void Password_DependsOnTheSecret()
    {
        Assert.NotEqual(TurnRestCredentials.Password("north", "1:a"), TurnRestCredentials.Password("south", "1:a"));
    }
}
