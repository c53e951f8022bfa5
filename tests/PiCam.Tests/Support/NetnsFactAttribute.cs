namespace PiCam.Tests.Support;

/// <summary>A test that needs a network namespace with a veth pair (<see cref="VethNamespace"/>): skipped, with the reason, where that is impossible.</summary>
public sealed class NetnsFactAttribute : FactAttribute
{
    public NetnsFactAttribute()
    {
        if (VethNamespace.WhyImpossible() is { } reason)
        {
            Skip = reason;
        }
    }
}
