namespace PiCam.Platform.Hdr;

/// <summary>What an HDR request did.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="On">The sensor's <c>wide_dynamic_range</c> as read from it; null unless <see cref="HdrOutcome.Done"/>.</param>
/// <param name="Device">The imx708 subdevice, or null when none was found.</param>
/// <param name="Message">One line for a person: what was done, or why not.</param>
internal sealed record HdrResult(HdrOutcome Outcome, bool? On, string? Device, string Message);
