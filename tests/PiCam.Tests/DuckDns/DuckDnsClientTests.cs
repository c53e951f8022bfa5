using System.Web;
using PiCam.Platform.DuckDns;
using PiCam.Tests.Support;

namespace PiCam.Tests.DuckDns;

/// <summary>One update against a real stand-in server on 127.0.0.1: the request, the answers, and every way it can fail.</summary>
public sealed class DuckDnsClientTests : IAsyncLifetime
{
    private const string Token = "a7c4d1e2-5b6f-4a89-9c0d-1e2f3a4b5c6d";
    private static readonly string[] Domains = ["frontdoor", "garden"];

    private readonly FakeClock _clock = new();
    private DuckDnsStandIn _standIn = null!;

    public async Task InitializeAsync() => _standIn = await DuckDnsStandIn.StartAsync();

    public async Task DisposeAsync() => await _standIn.DisposeAsync();

    private DuckDnsClient Client(string? url = null, string token = Token) => new(url ?? _standIn.UpdateUrl, Domains, token, _clock);

    [Fact]
    public async Task Update_SendsTheDomainsCommaSeparatedTheTokenAndVerboseTrue()
    {
        using var client = Client();

        await client.UpdateAsync(CancellationToken.None);

        var request = Assert.Single(_standIn.Requests);
        Assert.Equal($"/update?domains=frontdoor,garden&token={Token}&verbose=true", request);
    }

    [Fact]
    public async Task Update_UrlThatAlreadyHasAQuery_KeepsItAndAddsTheParameters()
    {
        using var client = Client(_standIn.UpdateUrl + "?ip=");

        await client.UpdateAsync(CancellationToken.None);

        var query = HttpUtility.ParseQueryString(new Uri("http://x" + Assert.Single(_standIn.Requests)).Query);
        Assert.Equal("ip,domains,token,verbose", string.Join(',', query.AllKeys));
        Assert.Equal("frontdoor,garden", query["domains"]);
        Assert.Equal(Token, query["token"]);
        Assert.Equal("true", query["verbose"]);
    }

    [Fact]
    public async Task Update_TokenWithReservedCharacters_IsEscapedInTheQuery()
    {
        using var client = Client(token: "to+k&en=");

        await client.UpdateAsync(CancellationToken.None);

        var query = HttpUtility.ParseQueryString(new Uri("http://x" + Assert.Single(_standIn.Requests)).Query);
        Assert.Equal("to+k&en=", query["token"]);
        Assert.Equal("true", query["verbose"]);
    }

    [Fact]
    public async Task Update_VerboseOk_ReturnsTheAddressWhetherItChangedAndTheClocksTime()
    {
        _standIn.Reply("OK\n198.51.100.23\n\nUPDATED\n");
        using var client = Client();

        var result = await client.UpdateAsync(CancellationToken.None);

        Assert.Equal(new DuckDnsResult(true, "198.51.100.23", true, null, _clock.GetUtcNow()), result);
    }

    [Fact]
    public async Task Update_Ko_ReturnsAFailureSayingKo()
    {
        _standIn.Reply("KO");
        using var client = Client();

        var result = await client.UpdateAsync(CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Contains("KO", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_ServerError_ReturnsAFailureWithTheHttpStatus()
    {
        _standIn.Reply("OK", status: 503);
        using var client = Client();

        var result = await client.UpdateAsync(CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Equal("DuckDNS answered HTTP 503 Service Unavailable", result.Error);
    }

    [Fact]
    public async Task Update_ClosedPort_ReturnsAConnectionErrorWithoutTheToken()
    {
        using var client = Client($"http://127.0.0.1:{ServerProcess.FreePort()}/update");

        var result = await client.UpdateAsync(CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Contains("refused", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Token, result.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Update_ServerThatNeverAnswers_FailsAfterFifteenSecondsOnTheClock()
    {
        _standIn.NeverAnswer();
        using var client = Client();

        var update = client.UpdateAsync(CancellationToken.None);
        await WaitUntilAsync(() => _standIn.Requests.Count == 1);
        _clock.Advance(TimeSpan.FromSeconds(14.9));
        await Task.Delay(100);
        Assert.False(update.IsCompleted, "gave up before 15 s");
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        var result = await update.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(result.Ok);
        Assert.Equal("no answer from DuckDNS within 15 s", result.Error);
    }

    [Fact]
    public async Task Update_CancelledByTheCaller_Throws()
    {
        _standIn.NeverAnswer();
        using var client = Client();
        using var stopping = new CancellationTokenSource();

        var update = client.UpdateAsync(stopping.Token);
        await WaitUntilAsync(() => _standIn.Requests.Count == 1);
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => update.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Theory]
    [InlineData(Token, "Bad request: {request}")]
    [InlineData(Token, "{token} is not a valid token")]
    [InlineData(Token, "The answer is cut short right here: {token}")]
    [InlineData("to+k&en=", "Bad request: {request}")]
    [InlineData("to+k&en=", "{token} is not a valid token")]
    public async Task Update_AnswerThatEchoesTheToken_HasItRedactedFromTheError(string token, string reply)
    {
        _standIn.Reply(reply);
        using var client = Client(token: token);

        var result = await client.UpdateAsync(CancellationToken.None);

        Assert.False(result.Ok);
        Assert.StartsWith("not a DuckDNS answer: '", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(token[..4], result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Uri.EscapeDataString(token)[..4], result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Update_AnswerThatEchoesTheToken_SaysWhereItWas()
    {
        _standIn.Reply("{token} is not a valid token");
        using var client = Client();

        var result = await client.UpdateAsync(CancellationToken.None);

        Assert.Equal("not a DuckDNS answer: '[token] is not a valid token'", result.Error);
    }

    [Fact]
    public void Redact_TokenRawEscapedOrInAnotherCase_IsReplacedEverywhere()
    {
        using var client = Client(token: "Ab/cd+EF");

        var text = client.Redact("raw Ab/cd+EF, escaped Ab%2Fcd%2BEF, lower ab%2fcd%2bef, upper AB/CD+EF");

        Assert.Equal("raw [token], escaped [token], lower [token], upper [token]", text);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the stand-in saw no request in time");
            await Task.Delay(5);
        }
    }
}
