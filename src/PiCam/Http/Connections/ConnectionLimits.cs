namespace PiCam.Http.Connections;

/// <summary>
/// How many connections the server holds, from its file-descriptor limit: what is open already at start (the
/// runtime, the listeners; about 30 descriptors for the AOT binary, 180 under the JIT) and an eighth of the
/// limit (at least 64) stay free for the camera's pipes, files and connections being closed. Never more than
/// <see cref="Ceiling"/>, which bounds memory (an idle connection costs about 18 KiB).
/// </summary>
internal sealed record ConnectionLimits(long FileLimit, int MaxConnections, int KestrelBackstop)
{
    public const int Ceiling = 2048;
    public const int Floor = 16;

    public static ConnectionLimits ForFileLimit(long fileLimit, int openAlready)
    {
        var reserve = Math.Max(64, fileLimit / 8);
        var max = (int)Math.Clamp(fileLimit - openAlready - reserve, Floor, Ceiling);
        // Kestrel's own limit, only a backstop against EMFILE: the gate never holds more than max, but during a
        // burst connections it has evicted are still closing, and a tight backstop refused (reset) a healthy
        // newcomer then. So it may use the reserve but for 32 descriptors (the camera's pipes, files).
        var backstop = (int)Math.Max(max, fileLimit - openAlready - 32);
        return new ConnectionLimits(fileLimit, max, backstop);
    }
}
