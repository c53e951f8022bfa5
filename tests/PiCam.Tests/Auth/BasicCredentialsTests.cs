using System.Text;
using Microsoft.Extensions.Primitives;
using PiCam.Http.Auth;

namespace PiCam.Tests.Auth;

public sealed class BasicCredentialsTests
{
    [Theory]
    [InlineData("Basic ", "anna:secret", "anna", "secret")]
    [InlineData("basic ", "anna:secret", "anna", "secret")]
    [InlineData("Basic ", "anna:se:cr:et", "anna", "se:cr:et")]
    [InlineData("Basic ", "anna:", "anna", "")]
    [InlineData("Basic ", ":secret", "", "secret")]
    [InlineData("Basic ", "jürgen:grüße", "jürgen", "grüße")]
    public void TryParse_ABasicHeader_SplitsUserAndPasswordAtTheFirstColon(string scheme, string pair, string user, string password)
    {
        Assert.True(BasicCredentials.TryParse(new StringValues(scheme + Convert.ToBase64String(Encoding.UTF8.GetBytes(pair))), out var credentials));
        Assert.Equal(user, credentials.User);
        Assert.Equal(password, credentials.Password);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Basic")]
    [InlineData("Basic ")]
    [InlineData("Bearer YW5uYTpzZWNyZXQ=")]
    [InlineData("Basic not-base64!")]
    [InlineData("Basic YW5uYXNlY3JldA==")] // "annasecret": no colon
    [InlineData("Basic /w==")]             // 0xFF: not UTF-8
    public void TryParse_AnythingElse_IsRefused(string header)
    {
        Assert.False(BasicCredentials.TryParse(new StringValues(header), out _));
    }

    [Fact]
    public void TryParse_TwoAuthorizationHeaders_IsRefused()
    {
        Assert.False(BasicCredentials.TryParse(new StringValues(["Basic YW5uYTpzZWNyZXQ=", "Basic YW5uYTpzZWNyZXQ="]), out _));
        Assert.False(BasicCredentials.TryParse(StringValues.Empty, out _));
    }

    [Fact]
    public void ToString_LeavesThePasswordOut()
    {
        var text = new BasicCredentials("anna", "secret").ToString();

        Assert.Contains("anna", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
    }
}
