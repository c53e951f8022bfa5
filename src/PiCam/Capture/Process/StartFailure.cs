namespace PiCam.Capture.Process;

/// <summary>
/// Why a camera program could not be started, as a sentence that says what to do. Built from what the
/// file system says about the program, then the error number, never from the exception's text (which can
/// be a bare resource key in the NativeAOT build, and says "No such file" for a directory).
/// </summary>
internal static class StartFailure
{
    private const int NoSuchFile = 2;     // ENOENT
    private const int NotExecutable = 8;  // ENOEXEC
    private const int OutOfMemory = 12;   // ENOMEM
    private const int AccessDenied = 13;  // EACCES
    private const int NotADirectory = 20; // ENOTDIR

    public static string Describe(string program, int errorNumber) =>
        Sentence(program, Inspect(program) is var found and not 0 ? found : errorNumber);

    /// <summary>What is wrong with the program file itself, as an error number; 0 when nothing is.</summary>
    private static int Inspect(string program)
    {
        if (!program.Contains('/', StringComparison.Ordinal))
        {
            return ExecutableFinder.Find(program) is null ? NoSuchFile : 0;
        }

        if (Directory.Exists(program))
        {
            return AccessDenied;
        }

        if (!File.Exists(program))
        {
            return NoSuchFile;
        }

        var execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(program) & execute) == 0 ? AccessDenied : 0;
    }

    private static string Sentence(string program, int errorNumber) => errorNumber switch
    {
        NoSuchFile => $"{program} could not be started: it was not found. Install it, or give its full path in VIDEO_SOURCE",
        AccessDenied when Directory.Exists(program) => $"{program} could not be started: it is a directory, not a program. Name the program itself in VIDEO_SOURCE",
        AccessDenied => $"{program} could not be started: permission denied. Make it executable (chmod +x {program}) and readable by the picam user",
        NotExecutable => $"{program} could not be started: it is not a program this system can run (a script needs a #! line; a binary must be built for this processor)",
        NotADirectory => $"{program} could not be started: part of its path is a file, not a directory. Check the path in VIDEO_SOURCE",
        OutOfMemory => $"{program} could not be started: the system is out of memory",
        _ => $"{program} could not be started (error {errorNumber}). Check the program named in VIDEO_SOURCE",
    };
}
