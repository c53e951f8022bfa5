namespace PiCam.Tests.Image;

/// <summary>
/// Someone watching: <c>/stream.mjpg</c> held open and read as fast as it comes (a viewer that stops reading
/// would be dropped after the server's write timeout). Disposing leaves, as closing the browser tab does.
/// </summary>
public sealed class StreamViewer : IDisposable
{
    private readonly HttpClient _client;
    private readonly Stream _body;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private long _bytesRead;

    private StreamViewer(HttpClient client, Stream body)
    {
        _client = client;
        _body = body;
        _reader = DrainAsync();
    }

    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Opens the stream and returns once its response headers arrived.</summary>
    public static async Task<StreamViewer> OpenAsync(Uri baseAddress)
    {
        // No client timeout: the stream never ends by itself.
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            using var headers = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var response = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead, headers.Token);
            response.EnsureSuccessStatusCode();
            return new StreamViewer(client, await response.Content.ReadAsStreamAsync(headers.Token));
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _body.Dispose();
        _client.Dispose();
        try
        {
            _reader.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Reading a stream that was just closed under the reader: the expected end.
        }

        _stop.Dispose();
    }

    private async Task DrainAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = await _body.ReadAsync(buffer, _stop.Token)) > 0)
            {
                Interlocked.Add(ref _bytesRead, n);
            }
        }
        catch (Exception ex) when (_stop.IsCancellationRequested && ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }
}
