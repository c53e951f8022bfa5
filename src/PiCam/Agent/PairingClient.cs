using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using PiCam.Agent.Messages;
using PiCam.Config;

namespace PiCam.Agent;

/// <summary>Asks the backend for a 6-digit pairing code: <c>POST &lt;http origin&gt;/api/pairing/generate?device_id=…</c>.</summary>
internal sealed class PairingClient
{
    private readonly HttpClient _http;
    private readonly ILogger _logger;

    public PairingClient(HttpClient http, ILogger logger)
    {
        _http = http;
        _logger = logger;
    }

    /// <summary>ws → http, wss → https, same host and port.</summary>
    public static Uri Endpoint(Uri backend, string deviceId) =>
        new($"{(backend.Scheme == "wss" ? "https" : "http")}://{backend.Authority}/api/pairing/generate?device_id={Uri.EscapeDataString(deviceId)}");

    /// <summary>The code, or null (logged) when the backend gives none.</summary>
    public async Task<string?> RequestAsync(Uri backend, string deviceId, CancellationToken cancellation)
    {
        var url = Endpoint(backend, deviceId);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            using var response = await _http.PostAsync(url, content: null, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                AgentLog.PairingFailed(_logger, url.GetLeftPart(UriPartial.Path), $"HTTP {(int)response.StatusCode}.");
                return null;
            }

            if (response.Content.Headers.ContentLength > 64 * 1024)
            {
                AgentLog.PairingFailed(_logger, url.GetLeftPart(UriPartial.Path), "the answer is too large.");
                return null;
            }

            var answer = await response.Content.ReadFromJsonAsync(AgentJsonContext.Default.PairingResponse, timeout.Token).ConfigureAwait(false);
            var code = answer?.Code ?? answer?.PairingCode;
            if (code is { Length: 6 } && code.All(char.IsAsciiDigit))
            {
                return code;
            }

            AgentLog.PairingFailed(_logger, url.GetLeftPart(UriPartial.Path), "the answer holds no 6-digit code.");
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or InvalidOperationException or NotSupportedException
            or OperationCanceledException && !cancellation.IsCancellationRequested)
        {
            AgentLog.PairingFailed(_logger, url.GetLeftPart(UriPartial.Path), Printable.Text(ex.Message, 200));
            return null;
        }
    }
}
