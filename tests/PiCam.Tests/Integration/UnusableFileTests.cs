using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using PiCam.Tests.Support;

namespace PiCam.Tests.Integration;

/// <summary>
/// Issue 9 (5, 7): files and programs a user names that cannot work: KEYFILE/CERTFILE that are devices,
/// FIFOs, huge or directories, at start and swapped in at runtime; camera programs and MJPEG files that
/// are missing, directories or not executable. The server keeps serving and says, in English, what to do.
/// The heap is capped as picam.service caps it (MemoryMax=256M), so reading a device whole fails fast.
/// </summary>
[Trait("Category", "Integration")]
public sealed class UnusableFileTests
{
    private const string HeapLimit = "0x10000000"; // 256 MiB

    [Theory]
    [InlineData("KEYFILE", "/dev/zero", "is not a regular file")]
    [InlineData("KEYFILE", "/dev/urandom", "is not a regular file")]
    [InlineData("KEYFILE", "fifo", "is not a regular file")]
    [InlineData("KEYFILE", "50 MB", "is larger than 1024 KiB")]
    [InlineData("KEYFILE", "directory", "is a directory")]
    [InlineData("CERTFILE", "/dev/zero", "is not a regular file")]
    [InlineData("CERTFILE", "fifo", "is not a regular file")]
    [InlineData("CERTFILE", "50 MB", "is larger than 1024 KiB")]
    [InlineData("CERTFILE", "missing", "does not exist")]
    public async Task Https_PemFileThatIsNotASmallRegularFile_ServesHttpAtOnceAndSaysWhich(string key, string kind, string expected)
    {
        using var dir = new TempDirectory();
        using var certificate = TestCertificate.Create("camera");
        TestCertificate.WritePem(certificate, dir.File("cert.pem"), dir.File("key.pem"));
        var bad = Unusable(dir, kind);
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["KEYFILE"] = key == "KEYFILE" ? bad : dir.File("key.pem"),
            ["CERTFILE"] = key == "CERTFILE" ? bad : dir.File("cert.pem"),
            ["DOTNET_GCHeapHardLimit"] = HeapLimit,
        });
        using var client = server.CreateClient();

        var problems = (await Json.GetAsync(client, "status")).GetProperty("config_problems").EnumerateArray().ToList();
        var problem = Assert.Single(problems, p => p.GetProperty("key").GetString() == key).GetProperty("message").GetString();
        Assert.Contains($"{key} {bad} {expected}", problem, StringComparison.Ordinal);
        Assert.Contains("serving HTTP", problem, StringComparison.Ordinal);
        ResourceKeys.AssertNone(problem);
        Assert.DoesNotContain(problems, p => p.GetProperty("message").GetString()!.Contains("chmod", StringComparison.Ordinal));
        // Under qemu-user the process's memory is mostly the emulator's own (300 MiB and more before picam
        // reads anything); there the heap hard limit is the guard: reading such a file whole would crash picam.
        Assert.True(PicamBinary.IsEmulated || CameraScript.Memory(server.ProcessId).Peak < 200L << 20, "picam's memory grew reading the file");
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("/dev/zero")]
    [InlineData("50 MB")]
    public async Task Https_CertificateSwappedForAnUnusableFile_KeepsServingThePreviousCertificateAndSaysWhy(string kind)
    {
        using var dir = new TempDirectory();
        using var certificate = TestCertificate.Create("before-the-swap");
        TestCertificate.WritePem(certificate, dir.File("cert.pem"), dir.File("key.pem"));
        var seen = new List<string>();
        var server = await ServerProcess.StartAsync(
            new Dictionary<string, string> { ["KEYFILE"] = dir.File("key.pem"), ["CERTFILE"] = dir.File("cert.pem"), ["DOTNET_GCHeapHardLimit"] = HeapLimit },
            scheme: "https",
            waitUntilReady: false);
        await using var _ = server;
        await server.WaitUntilReadyAsync(Handler(seen));

        File.Delete(dir.File("cert.pem"));
        var bad = Unusable(dir, kind);
        File.Move(bad, dir.File("cert.pem")); // a FIFO or a symlink moves as itself
        using var client = server.CreateClient(Handler(seen));
        var status = await Json.WaitForStatusAsync(client, s => s.GetProperty("config_problems").GetRawText().Contains("CERTFILE", StringComparison.Ordinal), TimeSpan.FromSeconds(15));

        var problem = Assert.Single(status.GetProperty("config_problems").EnumerateArray(), p => p.GetProperty("key").GetString() == "CERTFILE").GetProperty("message").GetString();
        Assert.Contains("still serving the previous certificate", problem, StringComparison.Ordinal);
        ResourceKeys.AssertNone(problem);
        using var fresh = server.CreateClient(Handler(seen));
        using var response = await fresh.GetAsync("status");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([certificate.Thumbprint], seen.Distinct());
        Assert.False(server.HasExited);
    }

    [Theory]
    [InlineData("missing", "could not be started: it was not found")]
    [InlineData("directory", "could not be started: it is a directory, not a program")]
    [InlineData("not executable", "could not be started: permission denied. Make it executable")]
    public async Task Command_ProgramThatCannotRun_SaysWhyInEnglish(string kind, string expected)
    {
        using var dir = new TempDirectory();
        var program = kind switch
        {
            "missing" => dir.File("no-such-camera"),
            "directory" => dir.Path,
            _ => dir.Write("camera.sh", "#!/bin/sh\nexit 0\n"),
        };
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["VIDEO_SOURCE"] = $"command:{program} --go" });
        using var client = server.CreateClient();
        using var stream = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead);
        var status = await Json.WaitForStatusAsync(client, s => s.GetProperty("source").GetProperty("error").ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(10));

        var error = status.GetProperty("source").GetProperty("error").GetString()!;
        Assert.Equal($"{program} {expected}", error[..Math.Min(error.Length, program.Length + 1 + expected.Length)]);
        ResourceKeys.AssertNone(error);
    }

    [Theory]
    [InlineData("directory", "is a directory, not an MJPEG file")]
    [InlineData("/dev/urandom", "is not a regular file")]
    [InlineData("missing", "does not exist")]
    public async Task FileSource_ThatIsNotAnMjpegFile_IsAProblemThatSaysWhat(string kind, string expected)
    {
        using var dir = new TempDirectory();
        var path = kind switch
        {
            "directory" => dir.Path,
            "missing" => dir.File("test.mjpg"),
            _ => kind,
        };
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["VIDEO_SOURCE"] = $"file:{path}" });
        using var client = server.CreateClient();

        var problems = (await Json.GetAsync(client, "status")).GetProperty("config_problems").EnumerateArray();
        var problem = Assert.Single(problems, p => p.GetProperty("key").GetString() == "VIDEO_SOURCE").GetProperty("message").GetString();
        Assert.StartsWith($"file:{path} {expected}", problem, StringComparison.Ordinal);
        ResourceKeys.AssertNone(problem);
    }

    [Theory]
    [InlineData("CERTFILE", "holds no PEM certificate")]
    [InlineData("KEYFILE", "holds no PEM private key")]
    [InlineData("mismatch", "is not the private key of the certificate")]
    public async Task Https_PemFilesThatHoldTheWrongThing_SayWhichAndWhat(string which, string expected)
    {
        using var dir = new TempDirectory();
        using var certificate = TestCertificate.Create("camera");
        using var other = TestCertificate.Create("another-camera");
        TestCertificate.WritePem(certificate, dir.File("cert.pem"), dir.File("key.pem"));
        TestCertificate.WritePem(other, dir.File("other-cert.pem"), dir.File("other-key.pem"));
        var keyFile = which switch
        {
            "KEYFILE" => dir.File("cert.pem"), // the certificate named twice
            "mismatch" => dir.File("other-key.pem"),
            _ => dir.File("key.pem"),
        };
        var certFile = which == "CERTFILE" ? dir.File("key.pem") : dir.File("cert.pem");
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["KEYFILE"] = keyFile, ["CERTFILE"] = certFile });
        using var client = server.CreateClient();

        var problems = (await Json.GetAsync(client, "status")).GetProperty("config_problems").EnumerateArray();
        // (Naming the certificate as KEYFILE also earns a "chmod 600", since it is readable by others: not this test's business.)
        var problem = Assert.Single(problems, p => p.GetProperty("key").GetString() is "KEYFILE" or "CERTFILE" && !p.GetProperty("message").GetString()!.Contains("chmod", StringComparison.Ordinal)).GetProperty("message").GetString();
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        ResourceKeys.AssertNone(problem);
    }

    /// <summary>A path in <paramref name="dir"/> that is the unusable kind of file.</summary>
    private static string Unusable(TempDirectory dir, string kind)
    {
        var path = dir.File("unusable.pem");
        switch (kind)
        {
            case "fifo":
                using (var mkfifo = Process.Start("mkfifo", [path]))
                {
                    mkfifo.WaitForExit();
                }

                break;
            case "50 MB":
                using (var file = File.Create(path))
                {
                    file.SetLength(50L << 20);
                }

                break;
            case "directory":
                Directory.CreateDirectory(path);
                break;
            case "missing":
                break;
            default:
                File.CreateSymbolicLink(path, kind);
                break;
        }

        return path;
    }

    private static SocketsHttpHandler Handler(List<string> seen) => new()
    {
        PooledConnectionLifetime = TimeSpan.Zero,
        SslOptions =
        {
            RemoteCertificateValidationCallback = (_, cert, _, _) =>
            {
                lock (seen)
                {
                    seen.Add(new X509Certificate2(cert!).Thumbprint);
                }

                return true;
            },
        },
    };
}
