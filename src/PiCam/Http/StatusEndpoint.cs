using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PiCam.Http.Status;

namespace PiCam.Http;

/// <summary><c>/status</c>: the seed's six keys plus ours, as source-generated JSON.</summary>
internal sealed class StatusEndpoint
{
    private readonly StatusBuilder _status;

    public StatusEndpoint(StatusBuilder status) => _status = status;

    public async Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "application/json; charset=utf-8";
        NoCache.Apply(response);
        var json = JsonSerializer.SerializeToUtf8Bytes(_status.Build(context.Request.IsHttps), StatusJsonContext.Default.StatusReport);
        await ResponseBody.WriteAsync(context, json).ConfigureAwait(false);
    }
}
