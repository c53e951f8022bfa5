using System.Text;

namespace PiCam.Config;

/// <summary>
/// Splits a command line into arguments the way a POSIX shell would for plain words, single and double
/// quotes and backslashes, without running a shell (no variables, globs, pipes or redirections).
/// </summary>
internal static class CommandLine
{
    /// <summary>The arguments, or null when a quote is left open.</summary>
    public static List<string>? Split(string text)
    {
        var args = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote == '\'')
            {
                if (c == '\'')
                {
                    quote = '\0';
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (quote == '"')
            {
                if (c == '"')
                {
                    quote = '\0';
                }
                else if (c == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\')
                {
                    current.Append(text[++i]);
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    args.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                inWord = true;
                if (c is '\'' or '"')
                {
                    quote = c;
                }
                else if (c == '\\' && i + 1 < text.Length)
                {
                    current.Append(text[++i]);
                }
                else
                {
                    current.Append(c);
                }
            }
        }

        if (quote != '\0')
        {
            return null;
        }

        if (inWord)
        {
            args.Add(current.ToString());
        }

        return args;
    }
}
