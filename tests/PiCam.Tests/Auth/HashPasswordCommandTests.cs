using PiCam.Http.Auth;

namespace PiCam.Tests.Auth;

public sealed class HashPasswordCommandTests
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _messages = new();

    [Fact]
    public async Task AnOrdinaryRun_FromAPipe_PrintsOnlyAHashOfTheFirstLine()
    {
        var exit = await RunAsync(new StringReader("correct horse battery\nignored\n"), keys: null);

        Assert.Equal(0, exit);
        var hash = Assert.Single(_output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(PasswordHash.Verify("correct horse battery", hash));
        Assert.DoesNotContain("correct horse", _messages.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    public async Task AnEmptyPassword_FromAPipe_Exits2WithAMessageAndPrintsNothing(string input)
    {
        var exit = await RunAsync(new StringReader(input), keys: null);

        Assert.Equal(2, exit);
        Assert.Equal("", _output.ToString());
        Assert.Contains("empty", _messages.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnATerminal_AsksTwiceWithoutEchoAndPrintsTheHash()
    {
        var exit = await RunAsync(TextReader.Null, keys: "pässword 1\rpässword 1\r");

        Assert.Equal(0, exit);
        Assert.True(PasswordHash.Verify("pässword 1", _output.ToString().Trim()));
        var messages = _messages.ToString();
        Assert.Contains("Viewer password: ", messages, StringComparison.Ordinal);
        Assert.Contains("Again: ", messages, StringComparison.Ordinal);
        Assert.DoesNotContain("pässword", messages, StringComparison.Ordinal);
        Assert.DoesNotContain('*', messages);
    }

    [Fact]
    public async Task OnATerminal_BackspaceDeletesAndOtherControlKeysAreIgnored()
    {
        var exit = await RunAsync(TextReader.Null, keys: "secrex\bt\u0001\rsecret\r");

        Assert.Equal(0, exit);
        Assert.True(PasswordHash.Verify("secret", _output.ToString().Trim()));
    }

    [Fact]
    public async Task OnATerminal_TwoDifferentPasswords_Exit2AndPrintNothing()
    {
        var exit = await RunAsync(TextReader.Null, keys: "secret\rsecreT\r");

        Assert.Equal(2, exit);
        Assert.Equal("", _output.ToString());
        Assert.Contains("differ", _messages.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnATerminal_AnEmptyPassword_Exits2WithoutAskingAgain()
    {
        var exit = await RunAsync(TextReader.Null, keys: "\r");

        Assert.Equal(2, exit);
        Assert.DoesNotContain("Again", _messages.ToString(), StringComparison.Ordinal);
    }

    private Task<int> RunAsync(TextReader input, string? keys)
    {
        Func<ConsoleKeyInfo>? readKey = null;
        if (keys is not null)
        {
            var queue = new Queue<char>(keys);
            readKey = () =>
            {
                var c = queue.Dequeue();
                var key = c switch { '\r' => ConsoleKey.Enter, '\b' => ConsoleKey.Backspace, _ => ConsoleKey.A };
                return new ConsoleKeyInfo(c, key, shift: false, alt: false, control: false);
            };
        }

        return HashPasswordCommand.RunAsync(input, _output, _messages, readKey, PasswordHash.MinIterations);
    }
}
