namespace PiCam.Platform.Hdr;

/// <summary>How an HDR request to the sensor ended.</summary>
internal enum HdrOutcome
{
    /// <summary>The sensor was set or read.</summary>
    Done,

    /// <summary>No imx708 subdevice: no Camera Module 3, or not a Pi.</summary>
    NoCamera,

    /// <summary><c>v4l2-ctl</c> is not installed.</summary>
    ToolMissing,

    /// <summary><c>v4l2-ctl</c> failed, timed out, printed something unexpected, or the sensor did not take the value.</summary>
    Failed,
}
