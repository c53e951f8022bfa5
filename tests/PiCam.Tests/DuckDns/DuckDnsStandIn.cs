using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PiCam.Tests.DuckDns;

/// <summary>
/// A stand-in for www.duckdns.org: a real Kestrel server on 127.0.0.1 that records each request's target
/// (path and raw query) and answers with the next queued reply, or <see cref="DefaultReply"/> when none is
/// queued. In a reply, <c>{request}</c> becomes the request target and <c>{token}</c> the decoded token, as a
/// broken or hostile server might echo them.
/// </summary>
internal sealed class DuckDnsStandIn : IAsyncDisposable
{
    public const string VerboseNoChange = "OK\n203.0.113.7\n\nNOCHANGE";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(int Status, string? Body)> _replies = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly CancellationTokenSource _stopping = new();

    private DuckDnsStandIn(WebApplication app)
    {
        _app = app;
        app.MapGet("/update", AnswerAsync);
    }

    /// <summary>The update URL to configure, like <c>http://127.0.0.1:PORT/update</c>.</summary>
    public string UpdateUrl { get; private set; } = "";

    public string DefaultReply { get; set; } = VerboseNoChange;

    /// <summary>Each request's path and raw query, in arrival order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Starts on a free loopback port, or on <paramref name="port"/> (the QEMU guest reaches the host's loopback as 10.0.2.2).</summary>
    public static async Task<DuckDnsStandIn> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        var standIn = new DuckDnsStandIn(builder.Build());
        await standIn._app.StartAsync();
        standIn.UpdateUrl = standIn._app.Urls.Single().TrimEnd('/') + "/update";
        return standIn;
    }

    public void Reply(string body, int status = StatusCodes.Status200OK) => _replies.Enqueue((status, body));

    /// <summary>The next request gets no answer at all until the stand-in is disposed.</summary>
    public void NeverAnswer() => _replies.Enqueue((0, null));

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var target = context.Request.Path + context.Request.QueryString;
        _requests.Enqueue(target);
        var (status, body) = _replies.TryDequeue(out var queued) ? queued : (StatusCodes.Status200OK, DefaultReply);
        if (body is null)
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            await Task.Delay(Timeout.Infinite, both.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        var echoed = body.Replace("{request}", target, StringComparison.Ordinal).Replace("{token}", context.Request.Query["token"], StringComparison.Ordinal);
        await context.Response.WriteAsync(echoed);
    }
}
