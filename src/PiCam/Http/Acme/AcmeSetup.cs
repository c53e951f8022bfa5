using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PiCam.Config;

namespace PiCam.Http.Acme;

/// <summary>
/// How <c>AppHost</c> wires the Let's Encrypt side in: the problems watcher, the plain-HTTP port's routes, and
/// what to say while the first certificate has not arrived. The certificate itself is <c>Tls/CertificateStore</c>'s.
/// </summary>
internal static class AcmeSetup
{
    /// <summary>
    /// True when a certificate is wanted but none has been installed yet: the main port then serves plain HTTP
    /// (Kestrel cannot turn a listener into TLS later), and the deploy hook restarts the server once, after the
    /// first certificate; renewals after that are reloaded in place.
    /// </summary>
    public static bool WaitingForFirstCertificate(PicamSettings settings) =>
        settings.CertbotDomain is not null && settings.CertFile is not null && !File.Exists(settings.CertFile);

    public static ConfigProblem WaitingProblem(PicamSettings settings) => new(
        "CERTBOT_DOMAIN",
        $"no certificate for {settings.CertbotDomain} yet: serving plain HTTP on port {settings.Port} until picam-certbot " +
        $"gets one (the router must forward port 80 to port {settings.HttpPort} of this camera), then HTTPS");

    /// <summary>The plain-HTTP port is listened on when a certificate is wanted and it is not the main port.</summary>
    public static bool ListensOnHttpPort(PicamSettings settings) =>
        settings.CertbotDomain is not null && settings.HttpPort != settings.Port;

    public static void AddServices(IServiceCollection services, string problemsFile = AcmePaths.ProblemsFile)
    {
        services.AddSingleton(sp => new CertbotProblemsWatcher(problemsFile, sp.GetRequiredService<ConfigProblems>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService(sp => sp.GetRequiredService<CertbotProblemsWatcher>());
    }

    /// <summary>
    /// Sends every request that arrived on <c>HTTP_PORT</c> to <see cref="HttpPortEndpoint"/>, which ends it there:
    /// the camera's own endpoints are never reached over that port. Call it before any other middleware (a login
    /// in particular), because a certificate authority has no password.
    /// </summary>
    public static void MapHttpPort(WebApplication app, PicamSettings settings, bool httpsActive, string webroot)
    {
        if (!ListensOnHttpPort(settings))
        {
            return;
        }

        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        var challenges = new AcmeChallengeEndpoint(webroot, loggers.CreateLogger<AcmeChallengeEndpoint>());
        var endpoint = new HttpPortEndpoint(challenges, httpsActive ? new HttpsRedirect(settings.Port, settings.CertbotDomain!) : null);
        var httpPort = settings.HttpPort;
        app.MapWhen(context => context.Connection.LocalPort == httpPort, branch => branch.Run(endpoint.HandleAsync));
        AcmeLog.HttpPortReady(loggers.CreateLogger(typeof(AcmeSetup)), httpPort, challenges.Directory,
            httpsActive ? $"redirects the rest to HTTPS on port {settings.Port}" : "answers 404 to the rest until HTTPS is on");
    }
}
