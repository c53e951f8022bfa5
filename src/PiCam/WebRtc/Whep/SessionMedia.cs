using PiCam.WebRtc.Media;
using PiCam.WebRtc.Rtp;
using PiCam.WebRtc.Rtp.H264;

namespace PiCam.WebRtc.Whep;

/// <summary>
/// A session's pictures: from the <see cref="H264Hub"/> through its packetizer to its <see cref="SrtpSender"/>.
/// A viewer starts on the newest keyframe; after any gap (a slow viewer, an encoder restart, or a lost packet
/// it reports by PLI or FIR) it waits for the next keyframe, because a P-frame is only decodable after the
/// picture before it. The media loop alone calls <see cref="SendAsync"/>.
/// </summary>
internal sealed class SessionMedia(H264Packetizer packetizer, SrtpSender sender, uint timestampBase, TimeProvider time)
{
    private volatile bool _keyframeWanted;

    /// <summary>When the first picture was sent, or 0.</summary>
    public long FirstPictureTicks { get; private set; }

    /// <summary>The viewer asked for a keyframe (PLI, FIR): pictures wait for the next one.</summary>
    public void WantKeyframe() => _keyframeWanted = true;

    public async Task SendAsync(H264Hub hub, CancellationToken token)
    {
        long sent = 0;
        var waitForKeyframe = true;
        if (hub.LatestKeyframe is { } cached)
        {
            Send(cached);
            sent = cached.Sequence;
            waitForKeyframe = false;
        }

        while (true)
        {
            var unit = await hub.WaitForNewerAsync(sent, token).ConfigureAwait(false);
            if (unit.Sequence < sent)
            {
                waitForKeyframe = true; // the encoder restarted: a new stream
            }

            if (_keyframeWanted || unit.Sequence != sent + 1)
            {
                waitForKeyframe = true;
                _keyframeWanted = false;
            }

            sent = unit.Sequence;
            if (waitForKeyframe && !unit.IsKeyframe)
            {
                continue;
            }

            waitForKeyframe = false;
            Send(unit);
        }
    }

    private void Send(H264AccessUnit unit)
    {
        var elapsed = time.GetElapsedTime(0, unit.CapturedTicks); // one clock for every picture, cached or live
        packetizer.Packetize(unit.Data, RtpTimestamp.From(elapsed, timestampBase), sender.Send);
        sender.Flush();
        if (FirstPictureTicks == 0)
        {
            FirstPictureTicks = time.GetTimestamp();
        }
    }
}
