using PiCam.Config;

namespace PiCam.Tests.Capture.Camera;

public sealed class CommandLineTests
{
    private static List<string> Split(string text)
    {
        var args = CommandLine.Split(text);
        Assert.NotNull(args);
        return args;
    }

    [Fact]
    public void Split_PlainWords_AreSeparateArguments()
    {
        Assert.Equal(["ffmpeg", "-i", "x"], Split("ffmpeg -i x"));
    }

    [Fact]
    public void Split_SeveralSpacesTabsAndEdgeWhitespace_AreOneSeparator()
    {
        Assert.Equal(["a", "b", "c"], Split("   a    b \t c   "));
    }

    [Fact]
    public void Split_EmptyOrBlank_IsNoArguments()
    {
        Assert.Empty(Split(""));
        Assert.Empty(Split("   "));
    }

    [Fact]
    public void Split_SingleQuotes_KeepSpacesAndBackslashesLiterally()
    {
        Assert.Equal(["echo", @"a b\c \" + "\"" + " d"], Split(@"echo 'a b\c \"" d'"));
    }

    [Fact]
    public void Split_SingleQuotes_KeepDoubleQuotesLiterally()
    {
        Assert.Equal(["say \"hi\""], Split("'say \"hi\"'"));
    }

    [Fact]
    public void Split_DoubleQuotes_UnescapeBackslashQuoteAndBackslashBackslash()
    {
        // Shell text: "a \"b\" c\\d"  →  a "b" c\d
        Assert.Equal(["a \"b\" c\\d"], Split("\"a \\\"b\\\" c\\\\d\""));
    }

    [Fact]
    public void Split_DoubleQuotes_KeepOtherBackslashesLiterally()
    {
        // Shell text: "C:\temp\n"  →  C:\temp\n (POSIX keeps a backslash before an ordinary character)
        Assert.Equal(["C:\\temp\\n"], Split("\"C:\\temp\\n\""));
    }

    [Fact]
    public void Split_DoubleQuotes_KeepSingleQuotesLiterally()
    {
        Assert.Equal(["it's"], Split("\"it's\""));
    }

    [Fact]
    public void Split_BackslashSpaceOutsideQuotes_IsPartOfTheWord()
    {
        Assert.Equal(["my file.mjpeg", "x"], Split(@"my\ file.mjpeg x"));
    }

    [Fact]
    public void Split_BackslashBeforeQuoteOutsideQuotes_IsALiteralQuote()
    {
        Assert.Equal(["a\"b", "c'd"], Split("a\\\"b c\\'d"));
    }

    [Fact]
    public void Split_AdjacentQuotedAndUnquotedPieces_JoinIntoOneWord()
    {
        Assert.Equal(["ab cd"], Split("a\"b c\"d"));
        Assert.Equal(["x y z"], Split("'x '\"y\"' z'"));
    }

    [Fact]
    public void Split_EmptySingleQuotedArgument_IsKeptAsAnEmptyArgument()
    {
        Assert.Equal(["prog", "", "next"], Split("prog '' next"));
    }

    [Fact]
    public void Split_EmptyDoubleQuotedArgumentAtTheEnd_IsKeptAsAnEmptyArgument()
    {
        Assert.Equal(["prog", ""], Split("prog \"\""));
    }

    [Theory]
    [InlineData("ffmpeg -i \"rtsp://cam")]
    [InlineData("ffmpeg -i 'rtsp://cam")]
    [InlineData("\"")]
    [InlineData("a 'b\" c")]
    [InlineData("a \"b\\\"")]
    public void Split_UnterminatedQuote_IsNull(string text)
    {
        Assert.Null(CommandLine.Split(text));
    }

    [Fact]
    public void Split_RtspFfmpegLine_KeepsTheQuotedUrlWithItsAmpersandAsOneArgument()
    {
        var args = Split("ffmpeg -rtsp_transport tcp -i \"rtsp://cam/stream?a=1&b=2\" -c:v mjpeg -f mjpeg -");

        Assert.Equal(
            ["ffmpeg", "-rtsp_transport", "tcp", "-i", "rtsp://cam/stream?a=1&b=2", "-c:v", "mjpeg", "-f", "mjpeg", "-"],
            args);
    }

    [Fact]
    public void Split_ShellMetacharacters_AreOrdinaryCharacters()
    {
        Assert.Equal(["echo", "$HOME", "*", "|", "cat", ">", "x"], Split("echo $HOME * | cat > x"));
    }
}
