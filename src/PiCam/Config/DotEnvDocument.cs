namespace PiCam.Config;

/// <summary>A parsed .env file: the effective assignments (last one wins) and what was wrong with its lines.</summary>
internal sealed class DotEnvDocument
{
    public static readonly DotEnvDocument Empty = new([], []);

    public DotEnvDocument(IReadOnlyList<DotEnvEntry> entries, IReadOnlyList<ConfigProblem> problems, int unlistedProblems = 0)
    {
        Entries = entries;
        Problems = problems;
        UnlistedProblems = unlistedProblems;
    }

    /// <summary>Keys upper-cased, each key once, in the order of their last assignment.</summary>
    public IReadOnlyList<DotEnvEntry> Entries { get; }

    public IReadOnlyList<ConfigProblem> Problems { get; }

    /// <summary>Problems beyond the parser's cap: counted, not listed.</summary>
    public int UnlistedProblems { get; }
}
