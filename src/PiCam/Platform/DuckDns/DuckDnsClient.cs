using System.Globalization;
using System.Text;

namespace PiCam.Platform.DuckDns;

/// <summary>
/// One DuckDNS update: <c>GET {url}?domains=a,b&amp;token=…&amp;verbose=true</c>, answered within
/// <see cref="Timeout"/> (measured on the <see cref="TimeProvider"/>). Every failure becomes a
/// <see cref="DuckDnsResult"/> with an error; only the caller's cancellation throws. The token is in the
/// request URI only: every error text passes through <see cref="Redact"/>, because exception messages
/// (and a hostile or broken server's answer) may quote the URI.
/// </summary>
internal sealed class DuckDnsClient : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private const string Redacted = "[token]";
    private const int MaxReplyBytes = 4096;

    private readonly HttpClient _http;
    private readonly Uri _requestUri;
    private readonly string[] _secrets;
    private readonly TimeProvider _time;

    public DuckDnsClient(string url, IReadOnlyList<string> domains, string token, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        ArgumentOutOfRangeException.ThrowIfZero(domains.Count);
        _time = time;
        var escapedToken = Uri.EscapeDataString(token);
        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var names = string.Join(',', domains.Select(Uri.EscapeDataString));
        _requestUri = new Uri($"{url}{separator}domains={names}&token={escapedToken}&verbose=true");

        // Longest first, so a replacement never leaves part of a longer spelling behind.
        _secrets = [.. new[] { escapedToken, token, Uri.EscapeDataString(escapedToken) }.Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];

        // Our own timeout runs on the TimeProvider; HttpClient's would be a second, untestable one.
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.TryParseAdd($"picam/{AppInfo.Version}");
    }

    public async Task<DuckDnsResult> UpdateAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.GetAsync(_requestUri, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return Failed(string.Create(CultureInfo.InvariantCulture, $"DuckDNS answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}"));
            }

            // Redacted before parsing: a quote of a garbage answer is cut short, and could cut a token in half.
            var reply = Redact(await ReadReplyAsync(response.Content, linked.Token).ConfigureAwait(false));
            return DuckDnsReply.Parse(reply, _time.GetUtcNow());
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Failed(string.Create(CultureInfo.InvariantCulture, $"no answer from DuckDNS within {Timeout.TotalSeconds:0} s"));
        }
        catch (HttpRequestException ex)
        {
            return Failed(Describe(ex));
        }
        catch (IOException ex)
        {
            return Failed(Describe(ex));
        }
    }

    /// <summary>The text with the token (raw or URL-escaped, any case) replaced by <c>[token]</c>.</summary>
    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Redacted, StringComparison.OrdinalIgnoreCase);
        }

        return text;
    }

    public void Dispose() => _http.Dispose();

    private DuckDnsResult Failed(string error) => DuckDnsResult.Failed(Redact(error), _time.GetUtcNow());

    /// <summary>The exception's message and its cause's ("An error occurred while sending the request: Connection refused").</summary>
    private static string Describe(Exception ex)
    {
        var message = ex.Message;
        if (ex.InnerException is { } inner && !message.Contains(inner.Message, StringComparison.Ordinal))
        {
            message = $"{message.TrimEnd('.')}: {inner.Message}";
        }

        return message;
    }

    /// <summary>At most <see cref="MaxReplyBytes"/> of the body: the answer is a few short lines, anything longer is not DuckDNS.</summary>
    private static async Task<string> ReadReplyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxReplyBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            return Encoding.UTF8.GetString(buffer, 0, length);
        }
    }
}
