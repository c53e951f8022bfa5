using Microsoft.Extensions.Logging;

namespace PiCam.Http;

/// <summary>Log events of connection and viewer admission (EventIds 810–829).</summary>
internal static partial class HttpLog
{
    [LoggerMessage(810, LogLevel.Information, "Connections: at most {Max} at once, idle ones closed first to make room (file descriptor limit {FileLimit})")]
    public static partial void ConnectionLimits(ILogger logger, int max, long fileLimit);

    [LoggerMessage(811, LogLevel.Information, "Closed the connection idle longest to make room for a new one ({Max} connections open)")]
    public static partial void IdleConnectionClosed(ILogger logger, int max);

    [LoggerMessage(812, LogLevel.Warning, "Refused a connection: all {Max} connections are busy with requests")]
    public static partial void ConnectionRefused(ILogger logger, int max);

    [LoggerMessage(813, LogLevel.Information, "Gave the place of a viewer whose connection accepted nothing for {Seconds:0.#} s to a new viewer")]
    public static partial void StalledViewerReplaced(ILogger logger, double seconds);

    [LoggerMessage(814, LogLevel.Information, "Gave a place of the address with the most viewers ({Count}) to a viewer from another address")]
    public static partial void ViewerPlaceShared(ILogger logger, int count);
}
