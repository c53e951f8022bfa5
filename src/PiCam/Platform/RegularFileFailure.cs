namespace PiCam.Platform;

/// <summary>Why <see cref="RegularFile.Read"/> returned no bytes.</summary>
internal enum RegularFileFailure
{
    None,
    NotFound,
    AccessDenied,
    Directory,
    NotRegular,
    TooLarge,
    Unreadable,
}
