namespace PiCam.Http.Status;

internal sealed record SystemReport(
    double? CpuTemperatureC,
    IReadOnlyList<double>? LoadAverage,
    long? MemoryTotalBytes,
    long? MemoryAvailableBytes,
    long? DiskFreeBytes,
    long ProcessRssBytes);
