namespace PiCam.Config;

/// <summary>One thing wrong with the configuration: the key it concerns and what was done about it.</summary>
internal sealed record ConfigProblem(string Key, string Message)
{
    public override string ToString() => $"{Key}: {Message}";
}
