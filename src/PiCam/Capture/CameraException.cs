namespace PiCam.Capture;

/// <summary>The camera failed in a way worth showing to the user as it is (on /status and the NO CAMERA frame).</summary>
internal sealed class CameraException : Exception
{
    public CameraException(string message)
        : base(message)
    {
    }

    public CameraException()
    {
    }

    public CameraException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
