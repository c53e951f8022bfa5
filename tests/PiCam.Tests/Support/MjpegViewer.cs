using System.Diagnostics;

namespace PiCam.Tests.Support;

/// <summary>An MJPEG viewer of <c>/stream.mjpg</c> reading in the background: when each frame arrived (ms on its own clock) and the latest one.</summary>
public sealed class MjpegViewer : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<double> _arrivals = [];
    private byte[]? _latest;

    private MjpegViewer(HttpResponseMessage response, Stream body)
    {
        _response = response;
        var reader = new MultipartReader(body);
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var part = await reader.ReadPartAsync(_stop.Token);
                    lock (_arrivals)
                    {
                        _arrivals.Add(_clock.Elapsed.TotalMilliseconds);
                        _latest = part.Body;
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or InvalidDataException or HttpRequestException)
            {
            }
        });
    }

    public static async Task<MjpegViewer> OpenAsync(HttpClient client)
    {
        var response = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new MjpegViewer(response, await response.Content.ReadAsStreamAsync());
    }

    public double Elapsed => _clock.Elapsed.TotalMilliseconds;

    public int Count
    {
        get
        {
            lock (_arrivals)
            {
                return _arrivals.Count;
            }
        }
    }

    public byte[]? Latest
    {
        get
        {
            lock (_arrivals)
            {
                return _latest;
            }
        }
    }

    /// <summary>The longest time between two frames (or from <paramref name="since"/> to the first) from <paramref name="since"/> on, in ms.</summary>
    public double LongestGapAfter(double since)
    {
        lock (_arrivals)
        {
            var previous = since;
            var longest = 0.0;
            foreach (var at in _arrivals.Where(a => a >= since))
            {
                longest = Math.Max(longest, at - previous);
                previous = at;
            }

            return longest;
        }
    }

    public async Task<bool> WaitForFramesAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return Count >= count;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _response.Dispose();
        _stop.Dispose();
    }
}
