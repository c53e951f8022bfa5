using System.Text.Json;
using PiCam.Platform.Health;

namespace PiCam.Tests.Platform.Health;

public sealed class ThrottleReaderTests : IDisposable
{
    private const string Pi4File = "sys/devices/platform/soc/soc:firmware/get_throttled";
    private const string Pi5File = "sys/devices/platform/soc@107c000000/soc@107c000000:firmware/get_throttled";

    private readonly string _root = Directory.CreateTempSubdirectory("picam-root-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static bool[] Flags(ThrottleState s) =>
    [
        s.UnderVoltage, s.FrequencyCapped, s.Throttled, s.SoftTemperatureLimit,
        s.UnderVoltageOccurred, s.FrequencyCappedOccurred, s.ThrottledOccurred, s.SoftTemperatureLimitOccurred,
    ];

    [Fact]
    public void Read_UnderVoltageAndThrottledNow_AreSetWithTheirHistory()
    {
        Write(Pi4File, "50005\n");

        var state = new ThrottleReader(_root).Read();

        Assert.NotNull(state);
        Assert.Equal("0x50005", state.Raw);
        Assert.Equal([true, false, true, false, true, false, true, false], Flags(state));
    }

    [Theory]
    [InlineData("1", 0)]
    [InlineData("2", 1)]
    [InlineData("4", 2)]
    [InlineData("8", 3)]
    [InlineData("10000", 4)]
    [InlineData("20000", 5)]
    [InlineData("40000", 6)]
    [InlineData("80000", 7)]
    public void Read_EachBit_SetsOnlyItsFlag(string text, int flag)
    {
        Write(Pi4File, text + "\n");

        var flags = Flags(new ThrottleReader(_root).Read()!);

        Assert.Equal(Enumerable.Range(0, 8).Select(i => i == flag), flags);
    }

    [Theory]
    [InlineData("0x80008")]
    [InlineData("0X80008")]
    [InlineData("80008")]
    [InlineData("  80008  \n")]
    public void Read_HexWithOrWithoutPrefix_IsTheSameValue(string text)
    {
        Write(Pi4File, text);

        Assert.Equal("0x80008", new ThrottleReader(_root).Read()?.Raw);
    }

    [Fact]
    public void Read_Zero_IsAllClear()
    {
        Write(Pi4File, "0\n");

        var state = new ThrottleReader(_root).Read();

        Assert.Equal("0x0", state?.Raw);
        Assert.All(Flags(state!), Assert.False);
    }

    [Fact]
    public void Read_Pi5FirmwarePath_IsFound()
    {
        Write("sys/devices/platform/axi/axi:gpio/name", "x");
        Write(Pi5File, "20002\n");

        var state = new ThrottleReader(_root).Read();

        Assert.Equal("0x20002", state?.Raw);
        Assert.True(state!.FrequencyCapped);
    }

    [Fact]
    public void Read_NoFirmwareFile_IsNull()
    {
        Write("sys/devices/platform/serial8250/name", "serial8250");

        Assert.Null(new ThrottleReader(_root).Read());
    }

    [Fact]
    public void Read_NoSysAtAll_IsNull()
    {
        Assert.Null(new ThrottleReader(Path.Combine(_root, "nothing-here")).Read());
    }

    [Theory]
    [InlineData("")]
    [InlineData("throttled")]
    [InlineData("0x")]
    [InlineData("123456789")]
    public void Read_NotAHexWord_IsNull(string text)
    {
        Write(Pi4File, text);

        Assert.Null(new ThrottleReader(_root).Read());
    }

    [Fact]
    public void Read_ValueChanges_EachReadSeesTheNewValue()
    {
        Write(Pi4File, "0\n");
        var reader = new ThrottleReader(_root);
        Assert.False(reader.Read()!.UnderVoltage);

        Write(Pi4File, "10001\n");

        Assert.True(reader.Read()!.UnderVoltage);
    }

    [Fact]
    public void ThrottleState_AsStatusJson_HasSnakeCaseFlagsAndTheRawWord()
    {
        var json = JsonSerializer.Serialize(ThrottleState.FromValue(0x50005), ThrottleJsonContext.Default.ThrottleState);

        Assert.Equal(
            """{"raw":"0x50005","under_voltage":true,"frequency_capped":false,"throttled":true,"soft_temperature_limit":false,"under_voltage_occurred":true,"frequency_capped_occurred":false,"throttled_occurred":true,"soft_temperature_limit_occurred":false}""",
            json);
    }
}
