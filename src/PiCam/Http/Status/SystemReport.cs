using PiCam.Platform.Health;

namespace PiCam.Http.Status;

internal sealed record SystemReport(
    double? CpuTemperatureC,
    ThrottleState? Throttle,
    IReadOnlyList<double>? LoadAverage,
    long? MemoryTotalBytes,
    long? MemoryAvailableBytes,
    long? DiskFreeBytes,
    long ProcessRssBytes);
