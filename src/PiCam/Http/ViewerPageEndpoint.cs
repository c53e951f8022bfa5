using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using PiCam.Config;

namespace PiCam.Http;

/// <summary><c>/index.html</c>: the viewer page, an embedded resource with the camera's name filled in once at start.</summary>
internal sealed class ViewerPageEndpoint
{
    private const string ResourceName = "PiCam.Assets.index.html";

    private readonly byte[] _page;

    public ViewerPageEndpoint(PicamSettings settings)
    {
        using var stream = typeof(ViewerPageEndpoint).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        _page = Encoding.UTF8.GetBytes(reader.ReadToEnd().Replace("{{NAME}}", WebUtility.HtmlEncode(settings.Name), StringComparison.Ordinal));
    }

    public async Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        await ResponseBody.WriteAsync(context, _page).ConfigureAwait(false);
    }
}
