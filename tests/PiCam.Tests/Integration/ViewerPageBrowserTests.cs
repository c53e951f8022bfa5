using PiCam.Tests.Support;

namespace PiCam.Tests.Integration;

/// <summary>The viewer page in a real browser (Debian's headless Chromium): the picture moves, the status line and banner fill in.</summary>
[Trait("Category", "Integration")]
public sealed class ViewerPageBrowserTests
{
    [Fact]
    public async Task ViewerPage_InChromium_ShowsAMovingPictureAndTheStatusLine()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["NAME"] = "Porch" });
        await using var browser = await HeadlessChromium.LaunchAsync();
        await browser.NavigateAsync(new Uri(server.BaseUri, "index.html"));

        Assert.True(await browser.WaitUntilAsync("document.getElementById('stream').naturalWidth === 320", TimeSpan.FromSeconds(20)), "the stream never rendered");
        Assert.True(await browser.WaitUntilAsync("document.getElementById('st-fps').textContent.includes('fps')", TimeSpan.FromSeconds(10)), "the status line never filled in");
        Assert.Equal("Porch Live", (await browser.EvaluateAsync("document.querySelector('h1').textContent"))?.GetValue<string>());
        Assert.Equal(true, (await browser.EvaluateAsync("document.getElementById('config-banner').hidden"))?.GetValue<bool>());

        const string FrameHash = """
            (() => { const img = document.getElementById('stream'); const c = document.createElement('canvas');
                     c.width = img.naturalWidth; c.height = img.naturalHeight; const g = c.getContext('2d');
                     g.drawImage(img, 0, 0); const d = g.getImageData(0, 0, c.width, c.height).data;
                     let h = 0; for (let i = 0; i < d.length; i += 7) h = (h * 31 + d[i]) | 0; return h; })()
            """;
        var first = (await browser.EvaluateAsync(FrameHash))?.GetValue<int>();
        await Task.Delay(500);
        var second = (await browser.EvaluateAsync(FrameHash))?.GetValue<int>();
        Assert.NotEqual(first, second);
        await browser.ScreenshotAsync(Path.Combine(Path.GetTempPath(), "picam-viewer.png"));
    }

    [Fact]
    public async Task ViewerPage_WithConfigProblems_ShowsThemInTheBanner()
    {
        using var dir = new TempDirectory();
        var config = dir.Write("picam.env", "FRAMERAT=25\nQUALITY=best\n");
        await using var server = await ServerProcess.StartAsync(configFile: config);
        await using var browser = await HeadlessChromium.LaunchAsync();
        await browser.NavigateAsync(new Uri(server.BaseUri, "index.html"));

        Assert.True(await browser.WaitUntilAsync("!document.getElementById('config-banner').hidden", TimeSpan.FromSeconds(10)), "the banner never appeared");
        var banner = (await browser.EvaluateAsync("document.getElementById('config-banner').textContent"))?.GetValue<string>();
        Assert.Contains("FRAMERAT: unknown key on line 1 (did you mean FRAMERATE?)", banner, StringComparison.Ordinal);
        Assert.Contains("QUALITY: 'best' is not", banner, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ViewerPage_WithPeers_ShowsEachOtherCamerasLivePictureAndLinksToIt()
    {
        await using var garden = await ServerProcess.StartAsync(new Dictionary<string, string> { ["NAME"] = "Garden", ["RESOLUTION"] = "160x120" });
        await using var porch = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["NAME"] = "Porch",
            ["PEERS"] = $"Back_Garden={garden.BaseUri}",
        });
        await using var browser = await HeadlessChromium.LaunchAsync();
        await browser.NavigateAsync(new Uri(porch.BaseUri, "index.html"));

        Assert.True(await browser.WaitUntilAsync("(() => { const p = document.querySelector('#peers img'); return !!p && p.naturalWidth === 160; })()", TimeSpan.FromSeconds(20)), "the peer's picture never rendered");
        Assert.Equal("Back Garden", (await browser.EvaluateAsync("document.querySelector('#peers .peer span').textContent"))?.GetValue<string>());
        Assert.Equal(garden.BaseUri.ToString(), (await browser.EvaluateAsync("document.querySelector('#peers a').href"))?.GetValue<string>());
        Assert.True(await browser.WaitUntilAsync("document.getElementById('stream').naturalWidth === 320", TimeSpan.FromSeconds(10)));
    }
}
