namespace PiCam.Platform;

/// <summary>Why a path cannot be read as a file (<see cref="RegularFile"/>).</summary>
internal enum FileProblem
{
    None,
    Missing,
    Directory,
    /// <summary>A FIFO, a device (<c>/dev/zero</c>, <c>/dev/urandom</c>) or a socket: endless, or blocking.</summary>
    NotRegular,
    PermissionDenied,
    TooLarge,
    Unreadable,
}
