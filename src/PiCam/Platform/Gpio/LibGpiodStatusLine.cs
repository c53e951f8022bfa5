using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Globalization;
using System.Runtime.InteropServices;

namespace PiCam.Platform.Gpio;

/// <summary>
/// The status light's output line, through System.Device.Gpio's <see cref="GpioController"/> on the libgpiod v2
/// driver (<c>libgpiod.so.3</c>, chip by number, so <c>gpiochipN</c> is <c>/dev/gpiochipN</c>). Output only: edge
/// events are not AOT-clean. The library has no active-low flag, so polarity is applied here and the line carries
/// the physical level. Disposing releases the line and closes the chip.
/// </summary>
internal sealed class LibGpiodStatusLine : IStatusLine
{
    private readonly GpioController _controller;
    private readonly int _line;
    private readonly string _path;
    private readonly PinValue _lit;
    private readonly PinValue _dark;
    private int _disposed;

    private LibGpiodStatusLine(GpioController controller, int line, string path, bool activeLow)
    {
        _controller = controller;
        _line = line;
        _path = path;
        _lit = activeLow ? PinValue.Low : PinValue.High;
        _dark = activeLow ? PinValue.High : PinValue.Low;
    }

    /// <summary>Requests <paramref name="line"/> of <paramref name="chip"/> (<c>gpiochipN</c>) as an output, dark.</summary>
    /// <exception cref="GpioException">The chip is missing, the line is out of range or busy, access is denied, or libgpiod is missing.</exception>
    public static LibGpiodStatusLine Open(string chip, int line, bool activeLow)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(line);
        var number = ChipNumber(chip);
        var path = $"/dev/{chip}";

        // Checked first and without the library, so a machine with neither gets the more basic answer.
        if (!File.Exists(path))
        {
            throw new GpioException($"cannot open {path}", GpioErrors.ENOENT);
        }

        GpioController? controller = null;
        var attempt = $"cannot open {path}";
        try
        {
            controller = new GpioController(new LibGpiodV2Driver(number));
            attempt = $"{path} refused line {line}";
            var lines = controller.PinCount;
            if (line >= lines)
            {
                throw new GpioException(attempt, $"it has {lines} lines, 0 to {lines - 1} (check STATUS_LED_CHIP)");
            }

            // Output, dark. (libgpiod's reconfiguration drives the line low for the microseconds before the
            // first write: invisible even on an active-low light.)
            var status = new LibGpiodStatusLine(controller, line, path, activeLow);
            controller.OpenPin(line, PinMode.Output, status._dark);
            return status;
        }
        catch (Exception ex) when (ex is GpiodException or InvalidOperationException or UnauthorizedAccessException)
        {
            var errno = Marshal.GetLastPInvokeError();
            controller?.Dispose();
            throw new GpioException(attempt, GpioErrors.Explain(ex, errno));
        }
        catch
        {
            controller?.Dispose();
            throw;
        }
    }

    public void Set(bool on)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            _controller.Write(_line, on ? _lit : _dark);
        }
        catch (Exception ex) when (ex is GpiodException or InvalidOperationException)
        {
            throw new GpioException($"cannot set line {_line} of {_path}", GpioErrors.Explain(ex, Marshal.GetLastPInvokeError()));
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _controller.Dispose();
        }
        catch (GpiodException)
        {
            // Releasing failed (the chip went away): the kernel frees the line when the process exits anyway.
        }
    }

    private static int ChipNumber(string chip) =>
        chip.StartsWith("gpiochip", StringComparison.Ordinal)
        && int.TryParse(chip.AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ArgumentException($"'{chip}' is not a GPIO chip name like gpiochip0", nameof(chip));
}
