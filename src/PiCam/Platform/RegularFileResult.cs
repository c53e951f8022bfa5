namespace PiCam.Platform;

/// <summary>What <see cref="RegularFile.Read"/> found: the bytes, or why there are none.</summary>
internal sealed record RegularFileResult(byte[]? Bytes, FileProblem Problem)
{
    /// <summary>An English sentence about <paramref name="path"/> for a failure, saying what to do; null when it was read.</summary>
    public string? Describe(string path, int maxBytes) => Problem switch
    {
        FileProblem.None => null,
        FileProblem.Missing => $"{path} does not exist",
        FileProblem.PermissionDenied => $"{path} cannot be read: permission denied; make it readable by the user picam runs as",
        FileProblem.Directory => $"{path} cannot be read: it is a directory, not a file; name the file inside it",
        FileProblem.NotRegular => $"{path} cannot be read: it is not a regular file (a device, pipe or socket); name an ordinary text file",
        FileProblem.TooLarge => $"{path} cannot be read: it is larger than {maxBytes / 1024} KiB, far more than any settings need; check it is the right file",
        _ => $"{path} cannot be read: the storage reported an error; check the SD card",
    };
}
