using Microsoft.Extensions.Logging.Abstractions;
using PiCam.Config;
using PiCam.Http.Auth;
using PiCam.Tests.Platform;

namespace PiCam.Tests.Auth;

public sealed class ViewerLoginTests
{
    private const string Secret = "s3cret-Pa55";
    private static readonly string Hash = PasswordHash.Create(Secret, PasswordHash.MinIterations);

    private readonly ConfigProblems _problems = new([], NullLogger<ConfigProblems>.Instance);
    private readonly VerifiedCredentials _verified = new(new ManualTimeProvider());

    [Fact]
    public void NoViewerKeys_LeaveTheLoginOffWithoutAProblem()
    {
        var login = Create(new PicamSettings());

        Assert.Equal(LoginMode.Off, login.Mode);
        Assert.False(login.Required);
        Assert.Empty(_problems.Snapshot());
        Assert.False(login.Verify("anyone", "anything"));
    }

    [Fact]
    public void UserAndHash_TurnTheLoginOnForExactlyThatUserAndPassword()
    {
        var login = Create(new PicamSettings { ViewerUser = "anna", ViewerPasswordHash = Hash });

        Assert.Equal(LoginMode.On, login.Mode);
        Assert.Empty(_problems.Snapshot());
        Assert.True(login.Verify("anna", Secret));
        Assert.False(login.Verify("Anna", Secret));
        Assert.False(login.Verify("anna ", Secret));
        Assert.False(login.Verify("", Secret));
        Assert.False(login.Verify("anna", Secret + "x"));
        Assert.False(login.Verify("anna", Hash));
    }

    [Fact]
    public void Verify_RemembersSuccessesButNeverFailures()
    {
        var login = Create(new PicamSettings { ViewerUser = "anna", ViewerPasswordHash = Hash });

        Assert.False(login.Verify("anna", "wrong"));
        Assert.False(login.Verify("bob", Secret));
        Assert.False(login.Verify("anna", "wrong"));
        Assert.Equal(0, _verified.Count);

        Assert.True(login.Verify("anna", Secret));
        Assert.Equal(1, _verified.Count);
        Assert.True(_verified.Contains("anna", Secret));
        Assert.False(_verified.Contains("anna", "wrong"));
    }

    [Fact]
    public void Verify_CredentialsInTheCache_AreAcceptedWithoutThePbkdf2Check()
    {
        // Proves the cache is consulted first (what saves a Pi 600,000 iterations per /status poll), and why only
        // successes may ever be added to it.
        var login = Create(new PicamSettings { ViewerUser = "anna", ViewerPasswordHash = Hash });
        _verified.Add("anna", "not-the-password");

        Assert.True(login.Verify("anna", "not-the-password"));
    }

    [Fact]
    public void APlainPassword_TurnsTheLoginOnAndIsAProblemThatNeverShowsThePassword()
    {
        var login = Create(new PicamSettings { ViewerUser = "anna", ViewerPassword = Secret });

        Assert.Equal(LoginMode.On, login.Mode);
        Assert.True(login.Verify("anna", Secret));
        Assert.False(login.Verify("anna", "wrong"));
        Assert.False(login.Verify("bob", Secret));
        Assert.Equal(0, _verified.Count); // nothing slow to save
        var problem = Assert.Single(_problems.Snapshot());
        Assert.Equal("VIEWER_PASSWORD", problem.Key);
        Assert.Equal("holds a plain password; run `picam hash-password` and use VIEWER_PASSWORD_HASH", problem.Message);
        Assert.DoesNotContain(Secret, problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AHashAndAPlainPassword_UseOnlyTheHashAndAskForThePlainOneToGo()
    {
        var login = Create(new PicamSettings { ViewerUser = "anna", ViewerPasswordHash = Hash, ViewerPassword = "other-password" });

        Assert.Equal(LoginMode.On, login.Mode);
        Assert.True(login.Verify("anna", Secret));
        Assert.False(login.Verify("anna", "other-password"));
        var problem = Assert.Single(_problems.Snapshot());
        Assert.Equal("VIEWER_PASSWORD", problem.Key);
        Assert.DoesNotContain("other-password", problem.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string?, string?, string?, string> Misconfigurations => new()
    {
        { "anna", "pbkdf2-sha256$600000$hunter2", null, "VIEWER_PASSWORD_HASH" }, // a typo in the hash
        { "anna", "hunter2", null, "VIEWER_PASSWORD_HASH" },                     // a plain password in the hash key
        { "anna", "hunter2", "hunter2", "VIEWER_PASSWORD_HASH" },                // ... even with a plain one beside it
        { "anna", null, null, "VIEWER_USER" },                                   // a user without a password
        { null, Hash, null, "VIEWER_USER" },                                     // a hash without a user
        { null, null, "hunter2", "VIEWER_USER" },                                // a password without a user
    };

    [Theory]
    [MemberData(nameof(Misconfigurations))]
    public void AnUnusableCombination_FailsClosedWithAProblemNamingTheKeyButNoValue(string? user, string? hash, string? plain, string key)
    {
        var login = Create(new PicamSettings { ViewerUser = user, ViewerPasswordHash = hash, ViewerPassword = plain, ConfigPath = "/boot/firmware/picam.env" });

        Assert.Equal(LoginMode.Misconfigured, login.Mode);
        Assert.True(login.Required);
        Assert.False(login.Verify(user ?? "anna", plain ?? "hunter2"));
        Assert.False(login.Verify(user ?? "anna", Secret));
        Assert.False(login.Verify("", ""));
        var problem = Assert.Single(_problems.Snapshot());
        Assert.Equal(key, problem.Key);
        Assert.Contains("nobody can watch", problem.Message, StringComparison.Ordinal);
        Assert.NotNull(login.Refusal);
        Assert.Contains(key, login.Refusal, StringComparison.Ordinal);
        Assert.Contains("/boot/firmware/picam.env", login.Refusal, StringComparison.Ordinal);
        foreach (var text in new[] { problem.Message, login.Refusal })
        {
            Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
            Assert.DoesNotContain("$", text.Replace("$ITERATIONS$SALT$HASH", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Picamera", "Basic realm=\"Picamera\", charset=\"UTF-8\"")]
    [InlineData("Garden \"Cam\"", "Basic realm=\"Garden \\\"Cam\\\"\", charset=\"UTF-8\"")]
    [InlineData("back\\slash", "Basic realm=\"back\\\\slash\", charset=\"UTF-8\"")]
    [InlineData("Gärten", "Basic realm=\"G?rten\", charset=\"UTF-8\"")]
    public void Challenge_NamesTheCameraAsAnAsciiRealmWithQuotesEscaped(string name, string expected)
    {
        Assert.Equal(expected, Create(new PicamSettings { Name = name, ViewerUser = "anna", ViewerPasswordHash = Hash }).Challenge);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Report_SaysWhetherLoginIsRequiredAndWhetherTheRequestWasEncrypted(bool encrypted)
    {
        Assert.Equal(new LoginReport(true, encrypted), Create(new PicamSettings { ViewerUser = "anna", ViewerPasswordHash = Hash }).Report(encrypted));
        Assert.Equal(new LoginReport(false, encrypted), new ViewerLogin(new PicamSettings(), _problems, _verified, NullLogger<ViewerLogin>.Instance).Report(encrypted));
    }

    private ViewerLogin Create(PicamSettings settings) => new(settings, _problems, _verified, NullLogger<ViewerLogin>.Instance);
}
