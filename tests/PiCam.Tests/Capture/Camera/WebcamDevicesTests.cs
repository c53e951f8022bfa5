using PiCam.Capture.Webcam;

namespace PiCam.Tests.Capture.Camera;

public sealed class WebcamDevicesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("picam-dev-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Touch(params string[] names)
    {
        foreach (var name in names)
        {
            File.WriteAllBytes(Path.Combine(_root, name), []);
        }
    }

    [Fact]
    public void Candidates_MixedNodes_AreTheNumberedVideoNodesInNumericOrder()
    {
        Touch("video0", "video10", "video2", "videoX", "media0");

        var candidates = WebcamDevices.Candidates(_root).ToList();

        Assert.Equal(
            [Path.Combine(_root, "video0"), Path.Combine(_root, "video2"), Path.Combine(_root, "video10")],
            candidates);
    }

    [Fact]
    public void Candidates_ManyNodes_SortNumericallyNotAlphabetically()
    {
        Touch("video19", "video1", "video31", "video3", "video20");

        var names = WebcamDevices.Candidates(_root).Select(Path.GetFileName).ToList();

        Assert.Equal(["video1", "video3", "video19", "video20", "video31"], names);
    }

    [Fact]
    public void Candidates_NoVideoNodes_IsEmpty()
    {
        Touch("media0", "null", "vchiq", "video");

        Assert.Empty(WebcamDevices.Candidates(_root));
    }

    [Fact]
    public void Candidates_MissingRoot_IsEmpty()
    {
        Assert.Empty(WebcamDevices.Candidates(Path.Combine(_root, "does-not-exist")));
    }
}
