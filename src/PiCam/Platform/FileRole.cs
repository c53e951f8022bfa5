namespace PiCam.Platform;

/// <summary>
/// What a file the user names is for, and the one phrasing of what is wrong with it: every sentence about a
/// <see cref="FileProblem"/> (on <c>/status</c>, in the log, on the NO CAMERA picture) is written here. A
/// wrong file named (missing, a directory, a device, too big) gets the role's own <see cref="Fix"/>; a right
/// file that cannot be read gets what to do about the file itself.
/// </summary>
/// <param name="Kind">What the file should be, with its article: "a settings file", "an MJPEG file".</param>
/// <param name="Fix">How to name the right file, e.g. "set KEYFILE to the PEM file holding the private key".</param>
/// <param name="MaxBytes">The size cap it is read with, for "is larger than"; 0 when there is none.</param>
internal sealed record FileRole(string Kind, string Fix, int MaxBytes = 0)
{
    /// <summary>A sentence (no final stop) that starts with <paramref name="subject"/>, the file as the user named it: "file:/x does not exist: ...".</summary>
    public string Problem(string subject, FileProblem problem) => problem switch
    {
        FileProblem.Missing => $"{subject} does not exist: {Fix}",
        FileProblem.Directory => $"{subject} is a directory, not {Kind}: {Fix}",
        FileProblem.NotRegular => $"{subject} is not a regular file (a device, a FIFO or a socket): {Fix}",
        FileProblem.TooLarge => $"{subject} is larger than {MaxBytes / 1024} KiB, far more than {Kind} holds: {Fix}",
        FileProblem.PermissionDenied => $"{subject} cannot be read by picam (permission denied): make it readable by the user picam runs as",
        _ => $"{subject} cannot be read (an I/O error): check the SD card, or copy the file again",
    };
}
