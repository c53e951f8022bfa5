namespace PiCam.Config;

internal enum VideoSourceKind
{
    Simulator,
    File,
}
