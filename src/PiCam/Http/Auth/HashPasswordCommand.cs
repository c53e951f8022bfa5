using System.Text;

namespace PiCam.Http.Auth;

/// <summary>
/// <c>picam hash-password</c>: reads a password and prints its <see cref="PasswordHash"/> for
/// <c>VIEWER_PASSWORD_HASH</c>. On a terminal it reads without echo and asks twice; from a pipe it reads one
/// line. Only the hash goes to <c>output</c>, so <c>picam hash-password &gt; file</c> works; prompts and
/// errors go to <c>messages</c> (standard error). Exit 0, or 2 for an empty or mistyped password.
/// </summary>
internal static class HashPasswordCommand
{
    public static Task<int> RunAsync(TextReader input, TextWriter output, bool interactive) =>
        RunAsync(input, output, Console.Error, interactive ? () => Console.ReadKey(intercept: true) : null, PasswordHash.DefaultIterations);

    /// <param name="readKey">Reads one key without echo (a terminal); null to read a line from <paramref name="input"/>.</param>
    internal static async Task<int> RunAsync(TextReader input, TextWriter output, TextWriter messages, Func<ConsoleKeyInfo>? readKey, int iterations)
    {
        string? password;
        if (readKey is null)
        {
            password = await input.ReadLineAsync().ConfigureAwait(false);
        }
        else
        {
            password = await PromptAsync(messages, "Viewer password: ", readKey).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(password))
            {
                var again = await PromptAsync(messages, "Again: ", readKey).ConfigureAwait(false);
                if (!string.Equals(password, again, StringComparison.Ordinal))
                {
                    await messages.WriteLineAsync("picam hash-password: the two passwords differ; nothing printed").ConfigureAwait(false);
                    return 2;
                }
            }
        }

        if (string.IsNullOrEmpty(password))
        {
            await messages.WriteLineAsync("picam hash-password: the password is empty; nothing printed").ConfigureAwait(false);
            return 2;
        }

        await output.WriteLineAsync(PasswordHash.Create(password, iterations)).ConfigureAwait(false);
        if (readKey is not null)
        {
            await messages.WriteLineAsync("Put it in picam.env as VIEWER_PASSWORD_HASH=<that line>, with VIEWER_USER=<a name>.").ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Reads keys until Enter, echoing nothing; Backspace deletes, other control keys are ignored.</summary>
    internal static async Task<string> PromptAsync(TextWriter messages, string prompt, Func<ConsoleKeyInfo> readKey)
    {
        await messages.WriteAsync(prompt).ConfigureAwait(false);
        await messages.FlushAsync().ConfigureAwait(false);
        var text = new StringBuilder();
        while (true)
        {
            var key = readKey();
            if (key.Key == ConsoleKey.Enter || key.KeyChar is '\r' or '\n')
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace || key.KeyChar == '\b')
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        await messages.WriteLineAsync().ConfigureAwait(false);
        return text.ToString();
    }
}
