namespace PiCam.Tests.Support;

/// <summary>
/// A measurement for <c>make bench</c> (bench/run.sh sets <c>PICAM_BENCH_RESULTS</c> to its results directory), not
/// a check: skipped in every other run, and where network namespaces are impossible.
/// </summary>
public sealed class BenchFactAttribute : FactAttribute
{
    public const string ResultsVariable = "PICAM_BENCH_RESULTS";

    public BenchFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ResultsVariable)))
        {
            Skip = $"a measurement for make bench, which sets {ResultsVariable}";
        }
        else if (VethNamespace.WhyImpossible() is { } reason)
        {
            Skip = reason;
        }
    }
}
