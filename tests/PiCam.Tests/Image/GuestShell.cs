using System.Diagnostics;

namespace PiCam.Tests.Image;

/// <summary>
/// Runs commands in the guest over SSH as the first user, with the key the test put in the boot partition's
/// <c>SSH_AUTHORIZED_KEY</c>: the appliance's own maintenance path, not a test back door.
/// </summary>
public sealed class GuestShell
{
    private readonly string _key;
    private readonly int _port;

    public GuestShell(string privateKey, int port)
    {
        _key = privateKey;
        _port = port;
    }

    public async Task<(int ExitCode, string Output)> RunAsync(string command, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("ssh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "-i", _key, "-p", _port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
            "-o", "ConnectTimeout=10", "-o", "BatchMode=yes",
            "pi@127.0.0.1", command,
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out");
        }

        return (process.ExitCode, (await output + await errors).Trim());
    }

    /// <summary>Waits until SSH answers (the guest has booted far enough), returning false on timeout.</summary>
    public async Task<bool> WaitUntilReachableAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if ((await RunAsync("true", TimeSpan.FromSeconds(20))).ExitCode == 0)
            {
                return true;
            }

            await Task.Delay(2000);
        }

        return false;
    }
}
