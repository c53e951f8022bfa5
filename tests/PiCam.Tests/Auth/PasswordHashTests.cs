using System.Text.RegularExpressions;
using PiCam.Http.Auth;

namespace PiCam.Tests.Auth;

public sealed class PasswordHashTests
{
    /// <summary>Computed outside .NET (Python's hashlib.pbkdf2_hmac), so the format is plain PBKDF2, not ours alone.</summary>
    private const string PythonHashOfCorrectHorse = "pbkdf2-sha256$1000$MDEyMzQ1Njc4OWFiY2RlZg==$cBg8D2DungRB9k76szThf5ehfyBz991ay6PT8Srwk4M=";

    /// <summary>The same salt, "Grüße", and a 20-byte hash: a stored length other than ours.</summary>
    private const string PythonTwentyByteHashOfGruesse = "pbkdf2-sha256$1000$MDEyMzQ1Njc4OWFiY2RlZg==$NzLBeuoIc1gy9MCj833Xdqa5aw0=";

    [Fact]
    public void Create_WithTheDefaults_Writes600000IterationsA16ByteSaltAndA32ByteHash()
    {
        var encoded = PasswordHash.Create("correct horse");

        var match = Regex.Match(encoded, @"^pbkdf2-sha256\$600000\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$");
        Assert.True(match.Success, encoded);
        Assert.Equal(16, Convert.FromBase64String(match.Groups[1].Value).Length);
        Assert.Equal(32, Convert.FromBase64String(match.Groups[2].Value).Length);
        Assert.True(PasswordHash.Verify("correct horse", encoded));
    }

    [Fact]
    public void Create_ThenVerify_AcceptsThePasswordAndRejectsAnyOther()
    {
        var encoded = PasswordHash.Create("correct horse", PasswordHash.MinIterations);

        Assert.True(PasswordHash.Verify("correct horse", encoded));
        Assert.False(PasswordHash.Verify("correct horse ", encoded));
        Assert.False(PasswordHash.Verify("Correct horse", encoded));
        Assert.False(PasswordHash.Verify("", encoded));
    }

    [Fact]
    public void Create_Twice_UsesADifferentSaltEachTime()
    {
        Assert.NotEqual(PasswordHash.Create("same", PasswordHash.MinIterations), PasswordHash.Create("same", PasswordHash.MinIterations));
    }

    [Fact]
    public void Verify_AHashMadeByAnotherPbkdf2Implementation_Matches()
    {
        Assert.True(PasswordHash.Verify("correct horse", PythonHashOfCorrectHorse));
        Assert.False(PasswordHash.Verify("battery staple", PythonHashOfCorrectHorse));
    }

    [Fact]
    public void Verify_AStoredHashOfAnotherLength_ComparesAtThatLengthWithoutThrowing()
    {
        Assert.True(PasswordHash.Verify("Grüße", PythonTwentyByteHashOfGruesse));
        Assert.False(PasswordHash.Verify("Grusse", PythonTwentyByteHashOfGruesse));
        Assert.False(PasswordHash.Verify(new string('x', 10_000), PythonTwentyByteHashOfGruesse));
    }

    [Theory]
    [InlineData("", "expected pbkdf2-sha256$ITERATIONS$SALT$HASH")]
    [InlineData("hunter2", "expected pbkdf2-sha256$ITERATIONS$SALT$HASH")]
    [InlineData("pbkdf2-sha1$1000$MDEyMzQ1Njc4OWFiY2RlZg==$cBg8D2DungRB9k76szThf5ehfyBz991ay6PT8Srwk4M=", "expected pbkdf2-sha256")]
    [InlineData("pbkdf2-sha256$1000$MDEyMzQ1Njc4OWFiY2RlZg==", "expected pbkdf2-sha256")]
    [InlineData("pbkdf2-sha256$many$MDEyMzQ1Njc4OWFiY2RlZg==$cBg8D2DungRB9k76szThf5ehfyBz991ay6PT8Srwk4M=", "iteration count")]
    [InlineData("pbkdf2-sha256$10$MDEyMzQ1Njc4OWFiY2RlZg==$cBg8D2DungRB9k76szThf5ehfyBz991ay6PT8Srwk4M=", "iteration count")]
    [InlineData("pbkdf2-sha256$99999999$MDEyMzQ1Njc4OWFiY2RlZg==$cBg8D2DungRB9k76szThf5ehfyBz991ay6PT8Srwk4M=", "iteration count")]
    [InlineData("pbkdf2-sha256$1000$not base64!$cBg8D2DungRB9k76szThf5ehfyBz991ay6PT8Srwk4M=", "salt")]
    [InlineData("pbkdf2-sha256$1000$c2FsdA==$cBg8D2DungRB9k76szThf5ehfyBz991ay6PT8Srwk4M=", "salt")]
    [InlineData("pbkdf2-sha256$1000$MDEyMzQ1Njc4OWFiY2RlZg==$", "hash")]
    [InlineData("pbkdf2-sha256$1000$MDEyMzQ1Njc4OWFiY2RlZg==$c2hvcnQ=", "hash")]
    public void Verify_AMalformedHash_ThrowsAFormatExceptionThatSaysWhatIsWrong(string encoded, string reason)
    {
        var error = Assert.Throws<FormatException>(() => PasswordHash.Verify("anything", encoded));

        Assert.Contains("picam hash-password", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_APlainPasswordInTheHashKey_FailsWithoutRepeatingIt()
    {
        Assert.False(PasswordHash.TryParse("pbkdf2-sha256$1000$my-secret-pw$x", out var hash, out var error));

        Assert.Null(hash);
        Assert.DoesNotContain("my-secret-pw", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_AWellFormedHash_ReadsTheIterationCount()
    {
        Assert.True(PasswordHash.TryParse(PythonHashOfCorrectHorse, out var hash, out var error));

        Assert.Null(error);
        Assert.Equal(1000, hash.Iterations);
        Assert.True(hash.Verify("correct horse"));
    }
}
