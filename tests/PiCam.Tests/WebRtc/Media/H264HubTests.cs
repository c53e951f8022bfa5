using PiCam.WebRtc.Media;

namespace PiCam.Tests.WebRtc.Media;

public sealed class H264HubTests
{
    private static readonly byte[] Picture = [0, 0, 0, 1, 0x65, 0x88];

    [Fact]
    public void ClaimNative_WhileHeld_DropsTheDerivedEncodersPicturesAndKeepsTheCameras()
    {
        var hub = new H264Hub { DerivedEncoder = "libx264" };
        hub.Publish(Picture, isKeyframe: true, 1);
        using (var native = hub.ClaimNative("Pi camera 0 via rpicam-vid --codec h264"))
        {
            Assert.True(hub.NativeActive);
            Assert.Null(hub.LatestKeyframe); // the derived stream's keyframe is not the camera's
            Assert.Null(hub.Publish(Picture, isKeyframe: true, 2));
            Assert.Null(hub.Latest);
            var camera = hub.Publish(Picture, isKeyframe: true, 3, native: true);
            Assert.Same(camera, hub.LatestKeyframe);
            Assert.Equal("Pi camera 0 via rpicam-vid --codec h264 (passthrough)", hub.Encoder);
            hub.Reset(); // the derived encoder stopping must not forget the camera's keyframe
            Assert.Same(camera, hub.LatestKeyframe);
        }

        Assert.False(hub.NativeActive);
        Assert.Null(hub.Latest);
        Assert.Equal("libx264 (from the MJPEG)", hub.Encoder);
        Assert.NotNull(hub.Publish(Picture, isKeyframe: true, 4));
    }

    [Fact]
    public async Task ClaimNative_TakenAndReleased_CompletesNativeChangedAndLeavesAGapEverySessionSees()
    {
        var hub = new H264Hub();
        var before = hub.Publish(Picture, isKeyframe: true, 1)!;
        var changed = hub.NativeChanged;
        var lease = hub.ClaimNative("camera");
        await changed.WaitAsync(TimeSpan.FromSeconds(5));
        var first = hub.Publish(Picture, isKeyframe: false, 2, native: true)!;
        Assert.NotEqual(before.Sequence + 1, first.Sequence); // a session waits for the next keyframe

        changed = hub.NativeChanged;
        lease.Dispose();
        await changed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Throws<InvalidOperationException>(() =>
        {
            using var one = hub.ClaimNative("one");
            using var two = hub.ClaimNative("two");
        });
    }
}
