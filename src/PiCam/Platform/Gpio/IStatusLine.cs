namespace PiCam.Platform.Gpio;

/// <summary>One output line that drives the status light. Logical on is lit, whatever the wiring's polarity.</summary>
internal interface IStatusLine : IDisposable
{
    /// <summary>Lights (<paramref name="on"/> true) or darkens the light. Throws <see cref="IOException"/> when the hardware refuses.</summary>
    void Set(bool on);
}
