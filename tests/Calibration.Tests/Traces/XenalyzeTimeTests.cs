using XenSwitchSim.Calibration.Traces;
using Xunit;

namespace XenSwitchSim.Calibration.Tests.Traces;

public class XenalyzeTimeTests
{
    [Theory]
    [InlineData(54_000_000ul, 55ul)] // true 55.296
    [InlineData(2_400_000_000ul, 2457ul)] // xenalyze default; true 2457.6
    [InlineData(2_100_000_000ul, 2150ul)] // true 2150.4
    public void Qhz_is_truncated(ulong hz, ulong qhz)
    {
        Assert.Equal(qhz, XenalyzeTime.QhzFromHz(hz));
    }

    /// <summary>
    /// The provenance note quotes xenalyze --dump-all run with its default 2.4 GHz on the fixture;
    /// the binary records, scaled the way xenalyze scales, must print exactly those times.
    /// </summary>
    [Theory]
    [InlineData(99824L, 588359373ul)] // vcpu_sleep d1v0
    [InlineData(99844L, 588379152ul)] // runnable->offline
    [InlineData(116016L, 826039211ul)] // offline->runnable
    [InlineData(203212L, 1118631064ul)] // running->offline
    [InlineData(212116L, 1305508600ul)] // offline->runnable
    [InlineData(277872L, 1508699143ul)] // runnable->offline
    [InlineData(292088L, 1711720452ul)] // offline->runnable
    public void Fixture_records_reproduce_the_xenalyze_times_in_the_note(long fileOffset, ulong printedNs)
    {
        TraceRecord r = Fixture.Trace.Records.Single(x => x.FileOffset == fileOffset);

        ulong ns = XenalyzeTime.XenalyzeNsFromTicks(r.Cycles - Fixture.Trace.FirstCycles, XenalyzeTime.DefaultCpuHz);

        Assert.Equal(printedNs, ns);
    }

    [Fact]
    public void True_time_undoes_a_wrong_hz_and_the_qhz_truncation()
    {
        ulong ticks = 386238671858ul - 384826954104ul; // first SLEEP after the first record
        ulong truth = TraceTime.TicksToNs(ticks, Fixture.CpuHz); // 672246549 ns

        ulong corrected = XenalyzeTime.TrueNs(588359373, XenalyzeTime.DefaultCpuHz, Fixture.CpuHz);

        Assert.InRange((long)corrected - (long)truth, -2, 2);
        Assert.InRange((long)XenalyzeTime.TicksFromXenalyzeNs(588359373, XenalyzeTime.DefaultCpuHz) - (long)ticks, -3, 3);
    }

    [Fact]
    public void Pi_correction_is_55_over_55_296()
    {
        Assert.Equal(55 / 55.296, XenalyzeTime.CorrectionFactor(54_000_000), 12);

        // 1 s of Pi ticks prints as 1.005381818 s; corrected back to 1 s within a ns.
        ulong printed = XenalyzeTime.XenalyzeNsFromTicks(54_000_000, 54_000_000);
        Assert.Equal(1_005_381_818ul, printed);
        Assert.InRange((long)XenalyzeTime.TrueNs(printed, 54_000_000), 999_999_999, 1_000_000_001);
    }

    [Theory]
    [InlineData("54M", 54_000_000ul)]
    [InlineData("2.1G", 2_099_999_872ul)] // float arithmetic, as xenalyze's strtof
    [InlineData("2.4G", 2_400_000_000ul)]
    [InlineData("1000K", 1_000_000ul)]
    [InlineData("2100000000", 2_100_000_000ul)]
    public void Cpu_hz_argument_parses_like_xenalyze(string argument, ulong hz)
    {
        Assert.True(XenalyzeTime.TryParseCpuHzArgument(argument, out ulong parsed));
        Assert.Equal(hz, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("fast")]
    [InlineData("5X")]
    [InlineData("-1G")]
    public void Bad_cpu_hz_arguments_are_refused(string argument)
    {
        Assert.False(XenalyzeTime.TryParseCpuHzArgument(argument, out _));
    }
}
