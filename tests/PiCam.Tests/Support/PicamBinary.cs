using System.Diagnostics;
using System.Globalization;

namespace PiCam.Tests.Support;

/// <summary>
/// How the tests start picam: the JIT build of the project under test, or the binary in <c>PICAM_BINARY</c>
/// (make test's NativeAOT passes), through the program in <c>PICAM_BINARY_RUNNER</c> when that is set, such as
/// <c>qemu-aarch64 -cpu cortex-a72 -L /var/cache/picam-arm64-sysroot/trixie-…</c> for the arm64 binary
/// (make test-arm64). The runner is split on spaces: its words cannot contain any.
/// </summary>
public static class PicamBinary
{
    private static readonly string? Binary = NonEmpty(Environment.GetEnvironmentVariable("PICAM_BINARY"));

    private static readonly string[] Runner =
        (Environment.GetEnvironmentVariable("PICAM_BINARY_RUNNER") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>True when picam runs under an emulator (or any other runner) rather than on this CPU.</summary>
    public static bool IsEmulated => Runner.Length > 0;

    /// <summary>
    /// How many times longer than natively picam takes to start and to answer: <c>PICAM_TIMEOUT_SCALE</c>, else 5
    /// under a runner (qemu-user translates every instruction; startup is about 1 s there against 0.1 s), else 1.
    /// </summary>
    public static double Slowdown { get; } =
        double.TryParse(Environment.GetEnvironmentVariable("PICAM_TIMEOUT_SCALE"), NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) && scale >= 1
            ? scale
            : Runner.Length > 0 ? 5 : 1;

    /// <summary>A wait for picam, stretched by <see cref="Slowdown"/>.</summary>
    public static TimeSpan Scaled(TimeSpan timeout) => timeout * Slowdown;

    /// <summary>
    /// What to start for <c>picam ARGS</c>; the caller adds the arguments to <see cref="ProcessStartInfo.ArgumentList"/>.
    /// Through <c>env --default-signal=INT,QUIT</c> (it execs, so the process id is picam's): a test run started in
    /// the background of a script inherits SIGINT ignored, the runtime keeps an ignored SIGINT ignored, and picam
    /// would never see the Ctrl+C the tests send.
    /// </summary>
    public static ProcessStartInfo StartInfo()
    {
        var start = new ProcessStartInfo("env") { ArgumentList = { "--default-signal=INT,QUIT", "--" } };
        if (Binary is null)
        {
            start.ArgumentList.Add("dotnet");
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "picam.dll"));
            return start;
        }

        foreach (var word in Runner)
        {
            start.ArgumentList.Add(word);
        }

        start.ArgumentList.Add(Binary);
        return start;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
