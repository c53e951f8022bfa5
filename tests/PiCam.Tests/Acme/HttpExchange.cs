using Microsoft.AspNetCore.Http;

namespace PiCam.Tests.Acme;

/// <summary>A request as Kestrel would hand it over, with a response body that can be read back.</summary>
internal static class HttpExchange
{
    public static DefaultHttpContext Create(string method, string path, string host = "cam.example.org", string query = "", int localPort = 80)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        context.Request.Host = new HostString(host);
        context.Connection.LocalPort = localPort;
        context.Response.Body = new MemoryStream();
        return context;
    }

    public static string Body(HttpContext context) =>
        System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
}
