using System.Globalization;
using PiCam.Capture;
using PiCam.Config;
using PiCam.Http.Auth;
using PiCam.Platform;
using PiCam.Platform.DuckDns;
using PiCam.Platform.Hdr;
using PiCam.Platform.Health;
using PiCam.Streaming;

namespace PiCam.Http.Status;

/// <summary>Gathers the figures behind <c>/status</c> and <c>/metrics</c> from the parts that own them.</summary>
internal sealed class StatusBuilder
{
    private readonly PicamSettings _settings;
    private readonly FrameHub _hub;
    private readonly SourceState _source;
    private readonly IFrameSource _frameSource;
    private readonly ViewerRegistry _viewers;
    private readonly ConfigProblems _problems;
    private readonly SystemFacts _system;
    private readonly AppInfo _app;
    private readonly ThrottleReader _throttle;
    private readonly HdrState _hdr;
    private readonly DuckDnsService _duckDns;
    private readonly TimeProvider _time;
    private readonly ViewerLogin _login;
    private readonly PiCam.WebRtc.Whep.WebRtcService _webRtc;
    private readonly PiCam.Agent.AgentState _agent;

    public StatusBuilder(PicamSettings settings, FrameHub hub, SourceState source, IFrameSource frameSource, ViewerRegistry viewers, ConfigProblems problems, SystemFacts system, AppInfo app, ThrottleReader throttle, HdrState hdr, TimeProvider time, DuckDnsService duckDns, ViewerLogin login, PiCam.WebRtc.Whep.WebRtcService webRtc, PiCam.Agent.AgentState agent)
    {
        _agent = agent;
        _webRtc = webRtc;
        _login = login;
        _duckDns = duckDns;
        _throttle = throttle;
        _hdr = hdr;
        _settings = settings;
        _hub = hub;
        _source = source;
        _frameSource = frameSource;
        _viewers = viewers;
        _problems = problems;
        _system = system;
        _app = app;
        _time = time;
    }

    /// <param name="encrypted">Whether the request came over TLS (<c>HttpRequest.IsHttps</c>), for the page's plain-HTTP login warning.</param>
    public StatusReport Build(bool encrypted = false)
    {
        var latest = _hub.LatestCapture;
        var (memoryTotal, memoryAvailable) = _system.Memory();
        return new StatusReport(
            Name: _settings.Name,
            UptimeSeconds: (long)_time.GetElapsedTime(_app.StartedAt).TotalSeconds,
            Resolution: _settings.Resolution,
            Hdr: _hdr.EffectiveNow(_settings, _source.Kind),
            Clients: _viewers.Count,
            Timestamp: _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Version: AppInfo.Version,
            Framerate: _settings.Framerate,
            Source: new SourceReport(
                Kind: _source.Kind,
                Description: _frameSource.Description,
                Online: _source.Online,
                Running: _source.Running,
                Fps: _hub.FramesPerSecond,
                LastFrameAgeMs: latest is null ? null : (long)_time.GetElapsedTime(latest.CapturedTicks).TotalMilliseconds,
                FramesTotal: latest?.Sequence ?? 0,
                Restarts: _source.Restarts,
                Error: _source.Error),
            Viewers: [.. _viewers.Snapshot().Select(v => new ViewerReport(v.Fps.Rate, (long)_time.GetElapsedTime(v.ConnectedAt).TotalSeconds, v.FramesSent))],
            ConfigProblems: [.. _problems.Snapshot().Select(p => new ProblemReport(p.Key, p.Message))],
            System: new SystemReport(
                CpuTemperatureC: _system.CpuTemperatureCelsius(),
                Throttle: _throttle.Read(),
                LoadAverage: _system.LoadAverage(),
                MemoryTotalBytes: memoryTotal,
                MemoryAvailableBytes: memoryAvailable,
                DiskFreeBytes: _system.DiskFreeBytes(),
                ProcessRssBytes: SystemFacts.ProcessRssBytes()),
            DuckDns: _duckDns.Report(),
            Peers: [.. _settings.Peers.Select(p => new PeerReport(p.Name, p.Url.AbsoluteUri))],
            Login: _login.Report(encrypted),
            WebRtc: PiCam.WebRtc.Whep.WebRtcReport.From(_webRtc, _time, _frameSource is PiCam.WebRtc.Media.IH264Source { SuppliesH264: true }),
            Agent: _agent.Report());
    }
}
