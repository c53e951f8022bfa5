using System.Text.RegularExpressions;

namespace PiCam.Tests.Support;

/// <summary>
/// Catches .NET resource keys standing in for messages (what a trimmed build with UseSystemResourceKeys
/// shows): <c>IO_FileNotFound_FileName</c>, <c>UnauthorizedAccess_IODenied_Path</c>, <c>ErrorStartingProcess</c>,
/// <c>DirectoryNotValidAsInput</c>. Our own keys (VIDEO_SOURCE, KEYFILE) are all capitals and pass.
/// </summary>
public static partial class ResourceKeys
{
    public static void AssertNone(string? text)
    {
        var match = Key().Match(Paths().Replace(text ?? "", " ")); // a temporary directory's random name is no key

        Assert.False(match.Success, $"a resource key, not a sentence: '{match.Value}' in \"{text}\"");
    }

    // A word with an underscore and a lower-case letter (IO_FileNotFound_FileName), or three or more
    // capitalised words run together (ErrorStartingProcess).
    [GeneratedRegex(@"\b(?=\w*[a-z])[A-Za-z0-9]+_[A-Za-z0-9_]+\b|\b[A-Z][a-z]{2,}(?:[A-Z][a-z]+){2,}\b")]
    private static partial Regex Key();

    [GeneratedRegex(@"\S*/\S*")]
    private static partial Regex Paths();
}
