namespace PiCam.Capture.Process;

/// <summary>A program and its arguments, started without a shell, and a line saying what it captures.</summary>
internal sealed record ProcessCommand(string Program, IReadOnlyList<string> Arguments, string Description)
{
    public override string ToString() => string.Join(' ', [Program, .. Arguments]);
}
