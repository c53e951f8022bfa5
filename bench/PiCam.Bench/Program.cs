namespace PiCam.Bench;

/// <summary>Entry point: dispatches to the bench subcommands.</summary>
internal static class Program
{
    private const string UsageText = """
        usage: picam-bench <command> [--option value ...]
          floor   --port P --file F.mjpg --fps N [--max-seconds S]
                  raw-socket baseline server emitting the same multipart stream as picam
          load    --port P --viewers N --fps N --name NAME --out FILE.json
                  [--pid SERVER_PID] [--warmup S] [--seconds S] [--status true] [--label TEXT]
                  N viewers of /stream.mjpg?timestamps=1; measures fresh fps, lag, server CPU/RSS
          startup --bin PATH --port P --out FILE.json [--runs N] [--env KEY=VALUE ...] [--arg A ...]
                  process start -> first complete frame of /stream.mjpg
          soak    --port P --pid SERVER_PID --out FILE.json [--seconds S] [--viewers N] [--sample-every S]
                  viewers joining and leaving for S seconds; the server's RSS and descriptors, flat or not
          webrtc  --port P --sessions N --name NAME --out FILE.json [--pid SERVER_PID] [--fps N] [--warmup S] [--seconds S] [--label TEXT]
                  [--drop-every N] (self-check: discard every N-th RTP packet received)
                  N WHEP sessions (ICE, DTLS, SRTP) reassembling H.264; frames whole or lost, lag, CPU per session
          report  --dir RESULTS_DIR [--markdown FILE.md]
                  prints the figures, ratios to the floor and PASS/MISS against the targets
        """;

    private static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
        {
            await Console.Error.WriteLineAsync(UsageText);
            return 2;
        }

        try
        {
            var options = Options.Parse(args.AsSpan(1));
            return args[0] switch
            {
                "floor" => await FloorServer.RunAsync(options),
                "load" => await LoadRunner.RunAsync(options),
                "startup" => await StartupProbe.RunAsync(options),
                "soak" => await SoakRunner.RunAsync(options),
                "webrtc" => await WebRtc.WebRtcLoadRunner.RunAsync(options),
                "report" => Report.Run(options),
                _ => await UsageAsync(),
            };
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"picam-bench: {e.Message}");
            return 2;
        }
    }

    private static async Task<int> UsageAsync()
    {
        await Console.Error.WriteLineAsync(UsageText);
        return 2;
    }
}
