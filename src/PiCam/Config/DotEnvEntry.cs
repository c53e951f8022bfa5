namespace PiCam.Config;

/// <summary>One <c>KEY=VALUE</c> assignment of a .env file, with the line it came from.</summary>
internal readonly record struct DotEnvEntry(string Key, string Value, int Line);
