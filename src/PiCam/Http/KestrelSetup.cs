using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using PiCam.Config;
using PiCam.Http.Acme;
using PiCam.Http.Connections;
using PiCam.Http.Tls;

namespace PiCam.Http;

/// <summary>
/// Kestrel's listeners and limits: the main port, HTTP or HTTPS; with <c>CERTBOT_DOMAIN</c> also <c>HTTP_PORT</c>
/// (plain HTTP, for ACME challenges and the redirect); and bounds that keep hostile clients cheap.
/// </summary>
internal static class KestrelSetup
{
    public static void Configure(KestrelServerOptions options, PicamSettings settings, CertificateStore? certificates, ConnectionGate gate)
    {
        options.AddServerHeader = false;
        var limits = options.Limits;
        // Below the descriptor limit, so accept() never fails with EMFILE (Kestrel then spins on it). Kestrel
        // counts per listener; ConnectionGate holds the real, lower, limit over all of them.
        limits.MaxConcurrentConnections = gate.Limits.KestrelBackstop;
        limits.MaxConcurrentUpgradedConnections = gate.Limits.KestrelBackstop; // no endpoint upgrades; bounded anyway
        limits.MaxRequestHeadersTotalSize = 16 * 1024;
        limits.MaxRequestLineSize = 8 * 1024;
        limits.MaxRequestBodySize = 0; // nothing we serve takes a body
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10); // slowloris
        // Kestrel starts every connection in its keep-alive state, so this is also how long a connection that
        // never sends a byte is kept (RequestHeadersTimeout starts with the first byte). The page polls every 2 s.
        limits.KeepAliveTimeout = TimeSpan.FromSeconds(10);
        // A stalled viewer is dropped by ViewerRegistry after 10 s; Kestrel's own rate rule would fire sooner and less clearly.
        limits.MinResponseDataRate = null;

        void Listen(ListenOptions listen)
        {
            listen.Use(next => connection => gate.OnConnectionAsync(connection, next));
            // HTTP/2 needs TLS's protocol negotiation to reach browsers, so plain HTTP stays HTTP/1.1.
            listen.Protocols = certificates is null ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2;
            if (certificates is not null)
            {
                listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    OnConnection = _ => ValueTask.FromResult(certificates.Current!),
                    HandshakeTimeout = TimeSpan.FromSeconds(10),
                });
            }
        }

        ListenOn(options, settings.Bind, settings.Port, Listen);
        if (AcmeSetup.ListensOnHttpPort(settings))
        {
            // Plain HTTP for Let's Encrypt's HTTP-01 challenge and the redirect to HTTPS (AcmeSetup.MapHttpPort).
            ListenOn(options, settings.Bind, settings.HttpPort, listen =>
            {
                listen.Use(next => connection => gate.OnConnectionAsync(connection, next));
                listen.Protocols = HttpProtocols.Http1;
            });
        }
    }

    private static void ListenOn(KestrelServerOptions options, string bind, int port, Action<ListenOptions> configure)
    {
        switch (bind)
        {
            case "*":
                options.ListenAnyIP(port, configure);
                break;
            case "localhost":
                options.ListenLocalhost(port, configure);
                break;
            default:
                options.Listen(IPAddress.Parse(bind), port, configure);
                break;
        }
    }
}
