using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using PiCam.Http.Status;
using PiCam.WebRtc.Whep;

namespace PiCam.Http;

/// <summary><c>/metrics</c>: the <c>/status</c> figures in Prometheus text exposition format.</summary>
internal sealed class MetricsEndpoint
{
    private readonly StatusBuilder _status;
    private readonly ViewerRegistry _viewers;
    private readonly WebRtcService _webRtc;

    public MetricsEndpoint(StatusBuilder status, ViewerRegistry viewers, WebRtcService webRtc)
    {
        _status = status;
        _viewers = viewers;
        _webRtc = webRtc;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var report = _status.Build();
        var text = new StringBuilder();
        Gauge(text, "picam_up", "1 while the server runs.", 1);
        Gauge(text, "picam_uptime_seconds", "Seconds since the server started.", report.UptimeSeconds);
        Gauge(text, "picam_clients", "Open /stream.mjpg viewers.", report.Clients);
        Gauge(text, "picam_max_clients", "The MAX_CLIENTS limit.", _viewers.MaxClients);
        Gauge(text, "picam_source_online", "1 while the video source is healthy.", report.Source.Online ? 1 : 0);
        Gauge(text, "picam_source_running", "1 while the video source is capturing (someone is watching).", report.Source.Running ? 1 : 0);
        Gauge(text, "picam_source_fps", "Frames per second from the source.", report.Source.Fps);
        Gauge(text, "picam_source_last_frame_age_seconds", "Age of the newest frame.", report.Source.LastFrameAgeMs / 1000.0);
        Counter(text, "picam_frames_total", "Frames captured since start.", report.Source.FramesTotal);
        Counter(text, "picam_stream_bytes_total", "Bytes of frames sent to viewers since start.", _viewers.BytesSent);
        Gauge(text, "picam_config_problems", "Number of configuration problems.", report.ConfigProblems.Count);
        Gauge(text, "picam_cpu_temperature_celsius", "CPU temperature.", report.System.CpuTemperatureC);
        Gauge(text, "picam_under_voltage", "1 while the supply voltage is too low (Raspberry Pi firmware).", Flag(report.System.Throttle?.UnderVoltage));
        Gauge(text, "picam_throttled", "1 while the CPU is throttled (Raspberry Pi firmware).", Flag(report.System.Throttle?.Throttled));
        Gauge(text, "picam_hdr", "1 while HDR is in effect.", report.Hdr ? 1 : 0);
        Gauge(text, "picam_source_restarts_total", "Times the camera failed and was restarted.", report.Source.Restarts);
        Gauge(text, "picam_load_average_1m", "One-minute load average.", report.System.LoadAverage?[0]);
        Gauge(text, "picam_memory_available_bytes", "Memory available to new processes.", report.System.MemoryAvailableBytes);
        Gauge(text, "picam_disk_free_bytes", "Free space on the root file system.", report.System.DiskFreeBytes);
        Gauge(text, "picam_process_resident_bytes", "Resident memory of this process.", report.System.ProcessRssBytes);
        Gauge(text, "picam_duckdns_ok", "1 if the last DuckDNS update succeeded, 0 if it failed (absent until the first, or without DuckDNS).", Flag(report.DuckDns?.Ok));
        Gauge(text, "picam_duckdns_last_update_timestamp_seconds", "Unix time of the last DuckDNS update attempt, successful or not.", report.DuckDns?.AtUnixSeconds);
        WebRtc(text, report.WebRtc, _webRtc.Sessions.Totals());
        if (report.Agent.Enabled)
        {
            Gauge(text, "picam_agent_connected", "1 while the device agent is connected to its backend (absent without BACKEND_URL).", report.Agent.Connected ? 1 : 0);
            Counter(text, "picam_agent_reconnects_total", "Backend connections lost after they were up, since start.", report.Agent.Reconnects);
            Gauge(text, "picam_agent_sessions", "Watch sessions the backend asked for that are open.", report.Agent.Sessions);
        }

        var response = context.Response;
        response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        NoCache.Apply(response);
        await ResponseBody.WriteAsync(context, Encoding.UTF8.GetBytes(text.ToString())).ConfigureAwait(false);
    }

    private static void WebRtc(StringBuilder text, WebRtcReport webRtc, WebRtcTotals totals)
    {
        var sessions = webRtc.SessionList;
        Gauge(text, "picam_webrtc_sessions", "Open WebRTC (WHEP) sessions.", webRtc.Sessions);
        Gauge(text, "picam_webrtc_max_sessions", "The WEBRTC_MAX_SESSIONS limit.", webRtc.MaxSessions);
        Counter(text, "picam_webrtc_packets_sent_total", "RTP packets sent to WebRTC viewers since start (retransmissions not included).", totals.PacketsSent);
        Counter(text, "picam_webrtc_nacks_total", "NACKs (requests for lost packets) received from WebRTC viewers since start.", totals.Nacks);
        Counter(text, "picam_webrtc_retransmits_total", "RTP packets sent again because a WebRTC viewer's NACK asked for them.", totals.Retransmits);
        Gauge(text, "picam_webrtc_packets_lost", "Packets lost, summed over the open sessions, from the viewers' receiver reports.", sessions.Sum(s => (double)s.PacketsLost));
        Gauge(text, "picam_webrtc_bitrate_bits_per_second", "Bits a second sent to WebRTC viewers, summed over the open sessions.", sessions.Sum(s => (double)s.BitrateBps));
        Gauge(text, "picam_webrtc_rtt_seconds", "The longest round trip of the open sessions, from their receiver reports (absent until one is known).",
            sessions.Max(s => s.RttMs) is { } rttMs ? rttMs / 1000 : null);
    }

    private static double? Flag(bool? value) => value is { } v ? (v ? 1 : 0) : null;

    private static void Gauge(StringBuilder text, string name, string help, double? value) => Metric(text, name, help, "gauge", value);

    private static void Counter(StringBuilder text, string name, string help, double value) => Metric(text, name, help, "counter", value);

    private static void Metric(StringBuilder text, string name, string help, string type, double? value)
    {
        if (value is not { } v)
        {
            return;
        }

        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        text.Append(name).Append(' ').Append(v.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }
}
