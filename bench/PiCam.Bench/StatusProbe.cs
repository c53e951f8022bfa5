using System.Text.Json;

namespace PiCam.Bench;

/// <summary>Reads "clients" from GET /status (one request; HttpClient is fine here).</summary>
internal static class StatusProbe
{
    public static async Task<int?> ClientsAsync(int port)
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
            await using var body = await http.GetStreamAsync(new Uri($"http://127.0.0.1:{port}/status"));
            using var json = await JsonDocument.ParseAsync(body);
            return json.RootElement.TryGetProperty("clients", out var clients) && clients.TryGetInt32(out var n) ? n : null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"  /status failed: {e.Message}");
            return null;
        }
    }
}
