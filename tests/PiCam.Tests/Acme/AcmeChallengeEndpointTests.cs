using Microsoft.Extensions.Logging.Abstractions;
using PiCam.Http.Acme;
using PiCam.Tests.Support;

namespace PiCam.Tests.Acme;

/// <summary>The HTTP-01 answer: the file certbot wrote for a token, and nothing else, ever.</summary>
public sealed class AcmeChallengeEndpointTests : IDisposable
{
    private const string Token = "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0";
    private const string KeyAuthorization = Token + ".9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";

    private readonly TempDirectory _webroot = new();
    private readonly AcmeChallengeEndpoint _endpoint;

    public AcmeChallengeEndpointTests()
    {
        Directory.CreateDirectory(ChallengeDirectory);
        _endpoint = new AcmeChallengeEndpoint(_webroot.Path, NullLogger<AcmeChallengeEndpoint>.Instance);
    }

    private string ChallengeDirectory => Path.Combine(_webroot.Path, ".well-known", "acme-challenge");

    public void Dispose() => _webroot.Dispose();

    [Fact]
    public async Task A_token_certbot_wrote_is_answered_with_the_file_verbatim()
    {
        await File.WriteAllTextAsync(Path.Combine(ChallengeDirectory, Token), KeyAuthorization);
        var context = HttpExchange.Create("GET", "/.well-known/acme-challenge/" + Token);

        await _endpoint.HandleAsync(context);

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(KeyAuthorization, HttpExchange.Body(context));
        Assert.Equal(KeyAuthorization.Length, context.Response.ContentLength);
        Assert.Equal("no-cache, private", context.Response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task Head_gets_the_length_and_no_body()
    {
        await File.WriteAllTextAsync(Path.Combine(ChallengeDirectory, Token), KeyAuthorization);
        var context = HttpExchange.Create("HEAD", "/.well-known/acme-challenge/" + Token);

        await _endpoint.HandleAsync(context);

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(KeyAuthorization.Length, context.Response.ContentLength);
        Assert.Equal("", HttpExchange.Body(context));
    }

    [Fact]
    public async Task An_unknown_token_is_404()
    {
        var context = HttpExchange.Create("GET", "/.well-known/acme-challenge/" + Token);

        await _endpoint.HandleAsync(context);

        Assert.Equal(404, context.Response.StatusCode);
    }

    [Fact]
    public async Task Post_is_refused_with_405()
    {
        await File.WriteAllTextAsync(Path.Combine(ChallengeDirectory, Token), KeyAuthorization);
        var context = HttpExchange.Create("POST", "/.well-known/acme-challenge/" + Token);

        await _endpoint.HandleAsync(context);

        Assert.Equal(405, context.Response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("../secret")]
    [InlineData("a.b")]
    [InlineData("a/b")]
    [InlineData("a%2Fb")]
    [InlineData("a b")]
    [InlineData("tøken")]
    [InlineData("token=")]
    public void Anything_but_base64url_characters_is_not_a_token(string token) =>
        Assert.False(AcmeChallengeEndpoint.IsValidToken(token));

    [Fact]
    public void Base64url_is_a_token_up_to_256_characters()
    {
        Assert.True(AcmeChallengeEndpoint.IsValidToken(Token));
        Assert.True(AcmeChallengeEndpoint.IsValidToken("-_aZ09"));
        Assert.True(AcmeChallengeEndpoint.IsValidToken(new string('a', 256)));
        Assert.False(AcmeChallengeEndpoint.IsValidToken(new string('a', 257)));
    }

    [Fact]
    public async Task A_path_that_climbs_out_of_the_challenge_directory_is_404_even_when_the_file_exists()
    {
        await File.WriteAllTextAsync(Path.Combine(_webroot.Path, ".well-known", "secret"), "private");
        var context = HttpExchange.Create("GET", "/.well-known/acme-challenge/../secret");

        await _endpoint.HandleAsync(context);

        Assert.Equal(404, context.Response.StatusCode);
        Assert.Equal("", HttpExchange.Body(context));
    }

    [Fact]
    public async Task A_symlink_in_the_challenge_directory_is_not_followed()
    {
        var outside = _webroot.Write("outside", "private");
        File.CreateSymbolicLink(Path.Combine(ChallengeDirectory, Token), outside);
        var context = HttpExchange.Create("GET", "/.well-known/acme-challenge/" + Token);

        await _endpoint.HandleAsync(context);

        Assert.Equal(404, context.Response.StatusCode);
    }

    [Fact]
    public async Task A_file_far_bigger_than_a_key_authorization_is_not_served()
    {
        await File.WriteAllTextAsync(Path.Combine(ChallengeDirectory, Token), new string('x', AcmeChallengeEndpoint.MaxFileBytes + 1));
        var context = HttpExchange.Create("GET", "/.well-known/acme-challenge/" + Token);

        await _endpoint.HandleAsync(context);

        Assert.Equal(404, context.Response.StatusCode);
    }

    [Fact]
    public async Task A_directory_named_like_a_token_is_404()
    {
        Directory.CreateDirectory(Path.Combine(ChallengeDirectory, Token));
        var context = HttpExchange.Create("GET", "/.well-known/acme-challenge/" + Token);

        await _endpoint.HandleAsync(context);

        Assert.Equal(404, context.Response.StatusCode);
    }
}
