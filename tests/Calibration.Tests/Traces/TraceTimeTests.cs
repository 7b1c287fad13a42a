using XenSwitchSim.Calibration.Traces;
using Xunit;

namespace XenSwitchSim.Calibration.Tests.Traces;

public class TraceTimeTests
{
    [Theory]
    [InlineData(54ul, 54_000_000ul, 1000ul)] // Pi 4: 54 ticks = 1 us
    [InlineData(1ul, 54_000_000ul, 18ul)] // 18.518... ns, truncated
    [InlineData(47458ul, 2_100_000_000ul, 22599ul)] // fixture pause 1: 22.599 us
    [InlineData(2_100_000_000ul, 2_100_000_000ul, 1_000_000_000ul)]
    public void Ticks_to_ns_is_exact_and_truncated(ulong ticks, ulong hz, ulong ns)
    {
        Assert.Equal(ns, TraceTime.TicksToNs(ticks, hz));
    }

    [Fact]
    public void No_drift_or_overflow_far_into_a_trace()
    {
        // 10 years of a 54 MHz counter: ticks * 1e9 overflows 64 bits; the result must stay exact.
        ulong ticks = 54_000_000ul * 86_400 * 3653;
        Assert.Equal(1_000_000_000ul * 86_400 * 3653, TraceTime.TicksToNs(ticks, 54_000_000));
        Assert.Equal(1_000_000_000ul * 86_400 * 3653 + 18, TraceTime.TicksToNs(ticks + 1, 54_000_000));

        // A double would lose the last ns here.
        ulong big = ulong.MaxValue / 3;
        ulong exact = (ulong)((System.Numerics.BigInteger)big * 1_000_000_000 / 2_100_000_000);
        Assert.Equal(exact, TraceTime.TicksToNs(big, 2_100_000_000));
    }

    [Fact]
    public void Relative_time_counts_from_the_first_record()
    {
        Assert.Equal(0ul, TraceTime.RelativeNs(100, 100, 54_000_000));
        Assert.Equal(0ul, TraceTime.RelativeNs(50, 100, 54_000_000));
        Assert.Equal(1000ul, TraceTime.RelativeNs(154, 100, 54_000_000));
        Assert.Equal(54ul, TraceTime.NsToTicks(1000, 54_000_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => TraceTime.TicksToNs(1, 0));
    }
}
