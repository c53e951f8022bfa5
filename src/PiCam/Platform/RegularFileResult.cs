namespace PiCam.Platform;

/// <summary>What <see cref="RegularFile.Read"/> found: the bytes, or why there are none (<see cref="FileRole.Problem"/> says it in words).</summary>
internal sealed record RegularFileResult(byte[]? Bytes, FileProblem Problem);
