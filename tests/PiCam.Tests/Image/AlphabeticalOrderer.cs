using Xunit.Abstractions;
using Xunit.Sdk;

namespace PiCam.Tests.Image;

/// <summary>Runs a class's tests in the order of their names, for steps that share one booted machine.</summary>
public sealed class AlphabeticalOrderer : ITestCaseOrderer
{
    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases.OrderBy(t => t.TestMethod.Method.Name, StringComparer.Ordinal);
}
