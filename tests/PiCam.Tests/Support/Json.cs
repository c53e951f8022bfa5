using System.Text.Json;

namespace PiCam.Tests.Support;

public static class Json
{
    public static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>Polls <c>/status</c> until <paramref name="condition"/> holds or the timeout passes; returns the last status.</summary>
    public static async Task<JsonElement> WaitForStatusAsync(HttpClient client, Func<JsonElement, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement status;
        do
        {
            status = await GetAsync(client, "status");
            if (condition(status))
            {
                return status;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        return status;
    }
}
