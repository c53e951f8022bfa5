namespace PiCam.Config;

internal enum VideoSourceKind
{
    Simulator,
    File,
    Auto,
    PiCamera,
    Webcam,
    Command,
}
