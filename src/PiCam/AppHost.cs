using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using PiCam.Capture;
using PiCam.Config;
using PiCam.Http;
using PiCam.Http.Auth;
using PiCam.Http.Connections;
using PiCam.Http.Acme;
using PiCam.Http.Status;
using PiCam.Http.Tls;
using PiCam.Logging;
using PiCam.Platform;
using PiCam.Platform.DuckDns;
using PiCam.Platform.Gpio;
using PiCam.Platform.Hdr;
using PiCam.Platform.Health;
using PiCam.Streaming;
using PiCam.WebRtc.Media;
using PiCam.WebRtc.Whep;

namespace PiCam;

/// <summary>Composes the web application: services, Kestrel and the routes. No logic of its own.</summary>
internal static class AppHost
{
    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static WebApplication Build(PicamSettings settings, IReadOnlyList<ConfigProblem> startupProblems)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        ConfigureLogging(builder.Logging, settings.Verbose);
        // Room for the camera to be stopped (SIGTERM, then SIGKILL after ChildProcess.StopGrace, 2 s) before the
        // process exits; well inside picam.service's TimeoutStopSec (10 s). Without a camera, exit takes ~0.1 s.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var services = builder.Services;
        var time = TimeProvider.System;
        // Before the first certificate the main port serves plain HTTP; the deploy hook restarts us once it is there.
        var waitingForCertificate = AcmeSetup.WaitingForFirstCertificate(settings);
        if (waitingForCertificate)
        {
            startupProblems = [.. startupProblems, AcmeSetup.WaitingProblem(settings)];
        }

        services.AddSingleton(time);
        services.AddSingleton(settings);
        services.AddSingleton(sp => new ConfigProblems(startupProblems, sp.GetRequiredService<ILogger<ConfigProblems>>()));
        services.AddSingleton<FrameHub>();
        services.AddSingleton(new SourceState(settings.VideoSource.KindName));
        services.AddSingleton(sp => SourceFactory.Create(settings, sp.GetRequiredService<ConfigProblems>(), sp.GetRequiredService<H264Hub>(), time, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(new Backoff());
        services.AddSingleton(new SystemFacts());
        services.AddSingleton(new ThrottleReader());
        var hdrControl = new HdrControl();
        services.AddSingleton(new HdrState(hdrControl.Locator, new HdrSensorCache(hdrControl, time)));
        services.AddSingleton<AppInfo>();
        services.AddSingleton(ConnectionLimits.ForFileLimit(FileDescriptorLimit.RaiseToHardLimit(), FileDescriptorLimit.OpenNow() + FileDescriptorLimit.OpenedLater));
        services.AddSingleton<ConnectionGate>();
        services.AddSingleton<ViewerRegistry>();
        services.AddHostedService(sp => sp.GetRequiredService<ViewerRegistry>());
        services.AddHostedService<CaptureService>();
        services.AddSingleton(new SystemdNotifier(Environment.GetEnvironmentVariable("NOTIFY_SOCKET")));
        // Long enough for a camera to start and for a couple of supervised restarts before systemd steps in.
        var watchdogGrace = TimeSpan.FromSeconds(Math.Max(30, 3 * settings.StallSeconds));
        services.AddSingleton(sp => new WatchdogPolicy(sp.GetRequiredService<FrameHub>(), sp.GetRequiredService<SourceState>(), time, watchdogGrace));
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<SystemdService>(sp, (Func<string, string?>)Environment.GetEnvironmentVariable));
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<StatusLight>(sp, (Func<PicamSettings, IStatusLine>)StatusLightFactory.Open));
        services.AddSingleton<DuckDnsService>();
        services.AddHostedService(sp => sp.GetRequiredService<DuckDnsService>());
        services.AddSingleton<H264Hub>();
        services.AddSingleton<IH264EncoderProbe>(new FfmpegEncoderProbe());
        services.AddHostedService<H264Encoder>();
        services.AddSingleton<WebRtcService>();
        services.AddHostedService(sp => sp.GetRequiredService<WebRtcService>());
        services.AddSingleton<WhepEndpoint>();
        services.AddSingleton(new PiCam.Agent.AgentState(time, settings.BackendUrl?.GetLeftPart(UriPartial.Path)));
        services.AddHostedService<PiCam.Agent.AgentService>();
        services.AddSingleton<StatusBuilder>();
        services.AddSingleton<StreamEndpoint>();
        services.AddSingleton<SnapshotEndpoint>();
        services.AddSingleton<StatusEndpoint>();
        services.AddSingleton<MetricsEndpoint>();
        services.AddSingleton<ViewerPageEndpoint>();
        services.AddSingleton<RootEndpoint>();
        services.AddSingleton<LivenessEndpoint>();
        services.AddSingleton<ViewerLogin>();
        services.AddSingleton(_ => new FailedLoginLimiter());
        services.AddSingleton(_ => new PasswordCheckQueue());
        services.AddSingleton<LoginMiddleware>();
        AcmeSetup.AddServices(services);
        if (settings.TlsConfigured && !waitingForCertificate)
        {
            services.AddSingleton(sp => new CertificateStore(settings.CertFile!, settings.KeyFile!, sp.GetRequiredService<ConfigProblems>(), time, sp.GetRequiredService<ILogger<CertificateStore>>()));
            services.AddHostedService(sp => sp.GetRequiredService<CertificateStore>());
        }

        var app = builder.Build();
        var certificates = app.Services.GetService<CertificateStore>();
        if (certificates is not null && !certificates.TryLoad())
        {
            certificates = null; // the problem is on /status; serve HTTP rather than nothing
        }

        app.Services.GetRequiredService<ConfigProblems>().LogStartupProblems();
        var kestrel = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>>().Value;
        var gate = app.Services.GetRequiredService<ConnectionGate>();
        KestrelSetup.Configure(kestrel, settings, certificates, gate);
        HttpLog.ConnectionLimits(logger: app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PiCam.Http.Connections"), gate.Limits.MaxConnections, gate.Limits.FileLimit);
        // Outermost: a connection with a request in progress is not idle (ConnectionGate sheds idle ones first).
        app.Use(gate.TrackRequestAsync);
        // First in the pipeline: requests on HTTP_PORT end there, before any other middleware (the login) sees
        // them: a certificate authority has no password, and a password must never cross port 80.
        AcmeSetup.MapHttpPort(app, settings, httpsActive: certificates is not null, settings.AcmeWebroot);
        // Then the login, in front of every endpoint but /healthz.
        app.Use(app.Services.GetRequiredService<LoginMiddleware>().InvokeAsync);
        MapRoutes(app);
        return app;
    }

    private static void MapRoutes(WebApplication app)
    {
        var sp = app.Services;
        app.MapMethods("/", GetAndHead, sp.GetRequiredService<RootEndpoint>().HandleAsync);
        app.MapMethods("/index.html", GetAndHead, sp.GetRequiredService<ViewerPageEndpoint>().HandleAsync);
        app.MapMethods("/stream.mjpg", GetAndHead, sp.GetRequiredService<StreamEndpoint>().HandleAsync);
        app.MapMethods("/current.jpg", GetAndHead, sp.GetRequiredService<SnapshotEndpoint>().HandleAsync);
        app.MapMethods("/status", GetAndHead, sp.GetRequiredService<StatusEndpoint>().HandleAsync);
        app.MapMethods("/metrics", GetAndHead, sp.GetRequiredService<MetricsEndpoint>().HandleAsync);
        var whep = sp.GetRequiredService<WhepEndpoint>();
        app.MapMethods(WhepEndpoint.Path, [HttpMethods.Post], whep.OfferAsync);
        app.MapMethods(WhepEndpoint.Path + "/{id}", [HttpMethods.Delete], whep.DeleteAsync);
        app.MapMethods(WhepEndpoint.Path + "/{id}", [HttpMethods.Patch], whep.PatchAsync);
        app.MapMethods(LivenessEndpoint.Path, GetAndHead, sp.GetRequiredService<LivenessEndpoint>().HandleAsync);
    }

    private static void ConfigureLogging(ILoggingBuilder logging, bool verbose)
    {
        logging.ClearProviders();
        var underSystemd = Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not null;
        if (underSystemd)
        {
            // journald reads the <N> priority prefix; it adds its own timestamps.
            logging.AddSystemdConsole(o => o.IncludeScopes = false);
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
                o.UseUtcTimestamp = false;
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }

        // A flood of one event (refused viewers, Kestrel's HTTP/2 complaints) becomes a few lines and a count.
        logging.AddRateLimit(TimeProvider.System);
        logging.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
        logging.AddFilter("Microsoft", verbose ? LogLevel.Information : LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
    }
}
