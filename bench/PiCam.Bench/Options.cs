using System.Globalization;

namespace PiCam.Bench;

/// <summary>Minimal "--name value" parser; a name may repeat (e.g. --env).</summary>
internal sealed class Options
{
    private readonly Dictionary<string, List<string>> values = new(StringComparer.Ordinal);

    public static Options Parse(ReadOnlySpan<string> args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected '--name value', got '{args[i]}'");
            }

            var name = args[i][2..];
            if (!options.values.TryGetValue(name, out var list))
            {
                list = [];
                options.values[name] = list;
            }

            list.Add(args[i + 1]);
        }

        return options;
    }

    public string? Find(string name) => values.TryGetValue(name, out var list) ? list[^1] : null;

    public string Get(string name) => Find(name) ?? throw new ArgumentException($"missing --{name}");

    public string Get(string name, string fallback) => Find(name) ?? fallback;

    public IReadOnlyList<string> All(string name) => values.TryGetValue(name, out var list) ? list : [];

    public int GetInt(string name) => int.Parse(Get(name), CultureInfo.InvariantCulture);

    public int GetInt(string name, int fallback) =>
        Find(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public double GetDouble(string name, double fallback) =>
        Find(name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public bool GetBool(string name) => Find(name) is { } text && bool.Parse(text);
}
