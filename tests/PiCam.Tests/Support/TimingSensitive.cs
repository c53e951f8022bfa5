namespace PiCam.Tests.Support;

/// <summary>
/// Tests that measure rates or delays against the wall clock. xunit runs this collection on its own, after
/// the parallel ones, so CPU-heavy neighbours (PBKDF2, JPEG encoding) cannot starve the clock being measured.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Timing-sensitive";
}
