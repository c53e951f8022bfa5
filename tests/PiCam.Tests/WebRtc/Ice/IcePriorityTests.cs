using PiCam.WebRtc.Ice;

namespace PiCam.Tests.WebRtc.Ice;

public sealed class IcePriorityTests
{
    [Fact]
    public void HostCandidate_WithTheHighestLocalPreference_HasTheFamiliarPriority2130706431()
    {
        // (2^24)*126 + (2^8)*65535 + (256 - 1), RFC 8445 §5.1.2.1: the number every browser's first host candidate carries.
        Assert.Equal(2130706431u, IcePriority.Of(IceCandidateType.Host));
    }

    [Fact]
    public void TypePreferences_OrderHostOverPeerReflexiveOverServerReflexiveOverRelayed()
    {
        uint[] ordered = [.. new[] { IceCandidateType.Host, IceCandidateType.PeerReflexive, IceCandidateType.ServerReflexive, IceCandidateType.Relayed }
            .Select(t => IcePriority.Of(t))];
        Assert.Equal(ordered.OrderDescending(), ordered);
        Assert.Equal(16777215u, IcePriority.Of(IceCandidateType.Relayed)); // type preference 0
        Assert.Equal(1862270975u, IcePriority.Of(IceCandidateType.PeerReflexive));
    }
}
