using Microsoft.AspNetCore.Http;

namespace PiCam.Http;

/// <summary>The seed's no-cache headers, shared by every live response.</summary>
internal static class NoCache
{
    public static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers.Age = "0";
        headers.CacheControl = "no-cache, private";
        headers.Pragma = "no-cache";
    }
}
