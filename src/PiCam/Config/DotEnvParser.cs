namespace PiCam.Config;

/// <summary>
/// Parses the appliance's <c>.env</c> format: <c>KEY=VALUE</c> split on the first <c>=</c>; whole-line
/// comments starting with <c>#</c> or <c>;</c>; blank lines; an optional <c>export </c> prefix; one pair of
/// matching quotes stripped; an unquoted value ends at <c> #</c>; keys are case-insensitive; a repeated key
/// is a problem and the last one wins. A bad line is a problem, never an exception.
/// </summary>
internal static class DotEnvParser
{
    public static DotEnvDocument Parse(string text, int maxProblems = int.MaxValue)
    {
        var entries = new Dictionary<string, DotEnvEntry>(StringComparer.Ordinal);
        var problems = new List<ConfigProblem>();
        var unlisted = 0;
        var lineNumber = 0;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (lineNumber == 1 && line.Length > 0 && line[0] == '\uFEFF')
            {
                line = line[1..].TrimStart();
            }

            if (line.IsEmpty || line[0] == '#' || line[0] == ';')
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal) || line.StartsWith("export\t", StringComparison.Ordinal))
            {
                line = line[7..].TrimStart();
            }

            var equals = line.IndexOf('=');
            var key = equals < 0 ? null : line[..equals].Trim().ToString().ToUpperInvariant();
            if (key is null || !IsValidKey(key))
            {
                if (problems.Count < maxProblems)
                {
                    problems.Add(Malformed(lineNumber, line, hasEquals: key is not null));
                }
                else
                {
                    unlisted++;
                }

                continue;
            }

            var value = Value(line[(equals + 1)..]);
            if (entries.TryGetValue(key, out var earlier))
            {
                var (shown, first) = (Printable.Text(key), earlier.Line);
                Add(problems, ref unlisted, maxProblems, () => new ConfigProblem(shown, $"set on line {first} and again on line {lineNumber}; using line {lineNumber}"));
                entries.Remove(key);
            }

            entries[key] = new DotEnvEntry(key, value, lineNumber);
        }

        return new DotEnvDocument([.. entries.Values.OrderBy(e => e.Line)], problems, unlisted);
    }

    /// <summary>Keeps the first <paramref name="max"/> problems and only counts the rest, without even formatting them.</summary>
    private static void Add(List<ConfigProblem> problems, ref int unlisted, int max, Func<ConfigProblem> problem)
    {
        if (problems.Count < max)
        {
            problems.Add(problem());
        }
        else
        {
            unlisted++;
        }
    }

    /// <summary>
    /// A line that is not <c>KEY=VALUE</c> is never quoted back: it may be a secret missing its <c>=</c>
    /// (<c>VIEWER_PASSWORD hunter2==</c>, where the first '=' is the password's). Only a known key that starts
    /// the line is named, since key names are not secret; anything else is reported by line number alone.
    /// </summary>
    private static ConfigProblem Malformed(int lineNumber, ReadOnlySpan<char> line, bool hasEquals)
    {
        var end = 0;
        while (end < line.Length && (char.IsAsciiLetterOrDigit(line[end]) || line[end] == '_'))
        {
            end++;
        }

        var first = line[..end].ToString().ToUpperInvariant();
        var known = end > 0 && (RawSettings.KnownKeys.Contains(first) || RawSettings.SystemKeys.Contains(first));
        var message = (known, hasEquals) switch
        {
            (true, true) => $"the text before the first = sign is not a valid key: '{first}' must be followed directly by = (as in {first}=value); line ignored",
            (true, false) => $"'{first}' must be followed by an = sign (as in {first}=value); line ignored",
            (false, true) => "the text before the first = sign is not a valid key (letters, digits and _, starting with a letter); line ignored",
            (false, false) => "is not KEY=VALUE (there is no = sign); line ignored",
        };
        return new ConfigProblem($"line {lineNumber}", message);
    }

    /// <summary>
    /// The value after <c>=</c>: inside one pair of matching quotes (anything after the closing quote is a
    /// comment), or unquoted up to a <c>#</c> that follows white space.
    /// </summary>
    private static string Value(ReadOnlySpan<char> raw)
    {
        var value = raw.Trim();
        if (value.Length >= 2 && (value[0] == '"' || value[0] == '\''))
        {
            if (value[^1] == value[0])
            {
                return value[1..^1].ToString();
            }

            var close = value[1..].IndexOf(value[0]) + 1;
            var rest = close > 0 ? value[(close + 1)..].TrimStart() : [];
            if (close > 0 && (rest.IsEmpty || rest[0] == '#'))
            {
                return value[1..close].ToString();
            }
        }

        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '#' && i > 0 && char.IsWhiteSpace(raw[i - 1]))
            {
                return raw[..i].Trim().ToString();
            }
        }

        return value.ToString();
    }

    private static bool IsValidKey(string key)
    {
        if (key.Length == 0 || !(char.IsAsciiLetter(key[0]) || key[0] == '_'))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
