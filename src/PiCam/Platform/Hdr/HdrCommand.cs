using PiCam.Config;

namespace PiCam.Platform.Hdr;

/// <summary>
/// <c>picam hdr apply</c> sets the imx708's <c>wide_dynamic_range</c> from <c>HDR</c>; picam-hdr.service runs it
/// before picam.service, so it always exits 0 (a missing camera or tool is printed, never a failed boot).
/// <c>picam hdr status</c> prints what the sensor holds. Only a command line it does not understand exits 2.
/// </summary>
internal static class HdrCommand
{
    public const string Usage = """
        Usage: picam hdr apply|status [options]

          apply    set the Camera Module 3 (imx708) sensor's HDR from HDR in the
                   configuration (1 = on, anything else = off); always exits 0
          status   print whether the sensor's HDR is on, off or unknown

        The options are picam's (--config PATH, ...).
        """;

    public static Task<int> RunAsync(string[] args, PicamSettings settings, TextWriter output) =>
        RunAsync(args, settings, output, new HdrControl(), CancellationToken.None);

    internal static async Task<int> RunAsync(string[] args, PicamSettings settings, TextWriter output, HdrControl control, CancellationToken token)
    {
        switch (args)
        {
            case ["apply"]:
                await ApplyAsync(settings, output, control, token).ConfigureAwait(false);
                return 0;
            case ["status"]:
                await StatusAsync(settings, output, control, token).ConfigureAwait(false);
                return 0;
            case ["help" or "--help" or "-h"]:
                await output.WriteLineAsync(Usage).ConfigureAwait(false);
                return 0;
            default:
                var problem = args.Length == 0 ? "picam hdr: say apply or status" : $"picam hdr: unknown command '{string.Join(' ', args)}'";
                await output.WriteLineAsync($"{problem}\n\n{Usage}").ConfigureAwait(false);
                return 2;
        }
    }

    private static async Task ApplyAsync(PicamSettings settings, TextWriter output, HdrControl control, CancellationToken token)
    {
        var result = await control.ApplyAsync(settings.Hdr, token).ConfigureAwait(false);
        var wanted = settings.Hdr ? "on" : "off";
        await output.WriteLineAsync(result.Outcome == HdrOutcome.Done
            ? $"hdr: {wanted} ({result.Message})"
            : $"hdr: not set {wanted}: {result.Message}").ConfigureAwait(false);
        if (settings.Hdr && settings.VideoSource.Kind == VideoSourceKind.PiCamera)
        {
            await output.WriteLineAsync("note: with VIDEO_SOURCE=picamera, rpicam-vid resets this when it starts; HDR there is rpicam-vid --hdr").ConfigureAwait(false);
        }
    }

    private static async Task StatusAsync(PicamSettings settings, TextWriter output, HdrControl control, CancellationToken token)
    {
        var result = await control.QueryAsync(token).ConfigureAwait(false);
        var state = result.On switch
        {
            true => "on",
            false => "off",
            null => $"unknown ({result.Message})",
        };
        await output.WriteLineAsync($"hdr: {state}").ConfigureAwait(false);
        await output.WriteLineAsync($"device: {result.Device ?? "none"}").ConfigureAwait(false);
        await output.WriteLineAsync($"setting: HDR={(settings.Hdr ? 1 : 0)}").ConfigureAwait(false);
    }
}
