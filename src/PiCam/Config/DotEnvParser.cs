namespace PiCam.Config;

/// <summary>
/// Parses the appliance's <c>.env</c> format: <c>KEY=VALUE</c> split on the first <c>=</c>; whole-line
/// comments starting with <c>#</c> or <c>;</c>; blank lines; an optional <c>export </c> prefix; one pair of
/// matching quotes stripped; an unquoted value ends at <c> #</c>; keys are case-insensitive; a repeated key
/// is a problem and the last one wins. A bad line is a problem, never an exception.
/// </summary>
internal static class DotEnvParser
{
    public static DotEnvDocument Parse(string text)
    {
        var entries = new Dictionary<string, DotEnvEntry>(StringComparer.Ordinal);
        var problems = new List<ConfigProblem>();
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
            if (equals < 0)
            {
                // The line is not quoted back: it may be a password missing its '=' (VIEWER_PASSWORD hunter2).
                problems.Add(new ConfigProblem($"line {lineNumber}", "is not KEY=VALUE (no '='); line ignored"));
                continue;
            }

            var key = line[..equals].Trim().ToString().ToUpperInvariant();
            if (!IsValidKey(key))
            {
                problems.Add(new ConfigProblem($"line {lineNumber}", $"'{Shorten(line[..equals])}' is not a valid key; line ignored"));
                continue;
            }

            var value = Value(line[(equals + 1)..]);
            if (entries.TryGetValue(key, out var earlier))
            {
                problems.Add(new ConfigProblem(key, $"set on line {earlier.Line} and again on line {lineNumber}; using line {lineNumber}"));
                entries.Remove(key);
            }

            entries[key] = new DotEnvEntry(key, value, lineNumber);
        }

        return new DotEnvDocument([.. entries.Values.OrderBy(e => e.Line)], problems);
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

    private static string Shorten(ReadOnlySpan<char> text) => text.Length <= 40 ? text.ToString() : text[..40].ToString() + "…";
}
