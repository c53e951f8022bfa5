using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PiCam.Config;

namespace PiCam;

/// <summary>Runs the server until SIGTERM/SIGINT. The only fatal error is a port that cannot be bound.</summary>
internal static class Server
{
    public static async Task<int> RunAsync(PicamSettings settings, IReadOnlyList<ConfigProblem> problems)
    {
        await using var app = AppHost.Build(settings, problems);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PiCam");
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            var ports = PiCam.Http.Acme.AcmeSetup.ListensOnHttpPort(settings) ? $"{settings.Port} or HTTP_PORT {settings.HttpPort}" : $"{settings.Port}";
            await Console.Error.WriteLineAsync($"picam: cannot listen on {settings.Bind}:{ports}: {ex.Message}. Is another server using port {ports}? Set PORT (HTTP_PORT) in {settings.ConfigPath}.").ConfigureAwait(false);
            return 1;
        }

        // PORT=0: the system chose the port; the first address Kestrel reports is the main port's.
        var main = settings.Port == 0 ? app.Urls.FirstOrDefault() : app.Urls.FirstOrDefault(url => url.EndsWith($":{settings.Port}", StringComparison.Ordinal));
        var scheme = main?.Split(':')[0] ?? "http";
        var port = main is not null && int.TryParse(main[(main.LastIndexOf(':') + 1)..].TrimEnd('/'), out var bound) ? bound : settings.Port;
        var host = settings.Bind is "*" or "0.0.0.0" or "::" ? "127.0.0.1" : settings.Bind;
        Log.Serving(logger, AppInfo.Version, settings.Name, $"{scheme}://{host}:{port}/", settings.Resolution, settings.Framerate, settings.VideoSource.ToString());
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }
}
