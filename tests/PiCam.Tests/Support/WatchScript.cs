namespace PiCam.Tests.Support;

/// <summary>
/// The viewer's JavaScript for headless Chromium on the stand-in's viewer page (<see cref="BackendStandIn.ViewerPage"/>):
/// opens <c>/ws/viewer</c>, sends <c>watch_request</c> and its offer, trickles its ICE candidates as <c>candidate</c>
/// messages (the last one <c>"candidate": ""</c>) and adds the device's. It leaves on <c>window</c>: <c>pc</c>,
/// <c>watchRequestedAt</c>, <c>answeredAt</c>, <c>firstFrameAt</c> (performance.now() ms), <c>ended</c> (the
/// device's end), <c>localCandidates</c>, <c>remoteCandidates</c>, <c>candidateErrors</c> and <c>errors</c>.
/// </summary>
public static class WatchScript
{
    /// <summary>Script lines that show the peer connection <c>pc</c>'s track in a muted video and set <c>window.firstFrameAt</c> at its first frame.</summary>
    public const string ShowVideo = """
          const video = document.createElement('video');
          video.muted = true; video.autoplay = true; video.playsInline = true;
          document.body.appendChild(video);
          pc.ontrack = e => {
            video.srcObject = e.streams[0] || new MediaStream([e.track]);
            video.requestVideoFrameCallback(() => { window.firstFrameAt = performance.now(); });
          };
        """;

    /// <summary>
    /// Starts watching <paramref name="deviceId"/>; evaluates to "sent". <paramref name="configurationJson"/> is the
    /// RTCPeerConnection's configuration, e.g. <c>{"iceServers": [...], "iceTransportPolicy": "relay"}</c>.
    /// </summary>
    public static string Watch(string deviceId, string configurationJson = "{}") => $$"""
        (async () => {
          const pc = new RTCPeerConnection({{configurationJson}});
          window.pc = pc;
          window.localCandidates = []; window.remoteCandidates = []; window.candidateErrors = []; window.errors = [];
          pc.addTransceiver('video', { direction: 'recvonly' });
          {{ShowVideo}}
          pc.onicecandidateerror = e => window.candidateErrors.push(e.url + ' ' + e.errorCode + ' ' + e.errorText);
          const ws = new WebSocket('ws://' + location.host + '/ws/viewer');
          window.ws = ws;
          await new Promise((ok, fail) => { ws.onopen = ok; ws.onerror = () => fail(new Error('viewer socket failed')); });
          const send = (type, payload) => ws.send(JSON.stringify({ type, ts: new Date().toISOString(), payload }));
          // Candidates wait for the offer; the end of candidates is sent once.
          let offered = false, ended = false;
          const early = [];
          const trickle = payload => { if (offered) send('candidate', payload); else early.push(payload); };
          pc.onicecandidate = e => {
            const c = e.candidate;
            if (c && c.candidate) {
              window.localCandidates.push(c.candidate);
              trickle({ candidate: c.candidate, sdp_mid: c.sdpMid, sdp_mline_index: c.sdpMLineIndex });
            } else if (!ended) {
              ended = true;
              trickle({ candidate: '', sdp_mid: pc.getTransceivers()[0].mid, sdp_mline_index: 0 });
            }
          };
          // One message at a time, so a candidate is never added before the answer it belongs to.
          let queue = Promise.resolve();
          const handle = async msg => {
            const p = msg.payload || {};
            if (msg.type === 'answer') { window.answeredAt = performance.now(); await pc.setRemoteDescription({ type: 'answer', sdp: p.sdp }); }
            else if (msg.type === 'candidate') {
              window.remoteCandidates.push(p.candidate);
              if (p.candidate) await pc.addIceCandidate({ candidate: p.candidate, sdpMid: p.sdp_mid ?? '0', sdpMLineIndex: p.sdp_mline_index ?? 0 });
            }
            else if (msg.type === 'end') { window.ended = p.reason + ': ' + p.message; }
          };
          ws.onmessage = m => { queue = queue.then(() => handle(JSON.parse(m.data))).catch(e => window.errors.push(String(e))); };
          window.watchRequestedAt = performance.now();
          send('watch_request', { device_id: '{{deviceId}}' });
          await pc.setLocalDescription(await pc.createOffer());
          send('offer', { sdp: pc.localDescription.sdp });
          offered = true;
          early.splice(0).forEach(payload => send('candidate', payload));
          return 'sent';
        })()
        """;

    /// <summary>Leaves: sends the device <c>end</c> (reason <c>viewer_left</c>) and closes the connection; evaluates to "left".</summary>
    public const string Leave = """
        (() => {
          window.ws.send(JSON.stringify({ type: 'end', ts: new Date().toISOString(), payload: { reason: 'viewer_left' } }));
          window.pc.close();
          return 'left';
        })()
        """;

    /// <summary>Evaluates to the video's framesDecoded so far.</summary>
    public const string FramesDecoded = """
        (async () => {
          let n = 0;
          (await window.pc.getStats()).forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video') n = s.framesDecoded || 0; });
          return n;
        })()
        """;

    /// <summary>
    /// Evaluates to the selected candidate pair as JSON: <c>{"state", "local": {"type", "address", "port", "relayProtocol"},
    /// "remote": {...}}</c>, or null before one is selected.
    /// </summary>
    public const string SelectedPair = """
        (async () => {
          const stats = await window.pc.getStats();
          let pair = null;
          stats.forEach(s => { if (s.type === 'transport' && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId); });
          if (!pair) return null;
          const side = c => c && { type: c.candidateType, address: c.address, port: c.port, relayProtocol: c.relayProtocol };
          return JSON.stringify({ state: pair.state, local: side(stats.get(pair.localCandidateId)), remote: side(stats.get(pair.remoteCandidateId)) });
        })()
        """;

    /// <summary>Evaluates to the candidates so far, as JSON: <c>{"local": [...], "remote": [...], "errors": [...]}</c>.</summary>
    public const string Candidates =
        "JSON.stringify({ local: window.localCandidates, remote: window.remoteCandidates, errors: window.candidateErrors.concat(window.errors) })";
}
