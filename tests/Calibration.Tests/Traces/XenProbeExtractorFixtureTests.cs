using XenSwitchSim.Calibration.Traces;
using Xunit;

namespace XenSwitchSim.Calibration.Tests.Traces;

/// <summary>
/// The fixture holds 3 × (xl pause d1; xl unpause d1). Expected cycles were read from the file with an
/// independent 20-line Python walk (merge by TSC), not with this code.
/// </summary>
public class XenProbeExtractorFixtureTests
{
    private static XenProbeResult D1 => XenProbeExtractor.Extract(Fixture.Trace.Records, domain: 1);

    [Fact]
    public void Finds_exactly_three_pauses_and_three_unpauses_alternating()
    {
        XenProbeResult result = D1;

        Assert.Equal(
            [XenOperationKind.Pause, XenOperationKind.Unpause, XenOperationKind.Pause,
             XenOperationKind.Unpause, XenOperationKind.Pause, XenOperationKind.Unpause],
            result.Operations.Select(o => o.Op).ToArray());
        Assert.Empty(result.Warnings);
        Assert.All(result.Operations, o => Assert.True(o.Complete));
        Assert.All(result.Operations, o => Assert.Equal([0], o.Vcpus));
    }

    [Fact]
    public void Pauses_run_from_sleep_on_dom0s_cpu_to_the_offline_record()
    {
        XenProbeOperation[] pauses = D1.Pauses.ToArray();

        // 1: d1v0 runnable (queued behind d2 on pCPU1): runnable->offline at once on pCPU0.
        Assert.Equal((386238671858ul, 386238719316ul), (pauses[0].XenOpStartCycles, pauses[0].VcpuOfflineOrRunningCycles!.Value));
        // 2: d1v0 running on pCPU1: running->offline there after the IPI and context switch.
        Assert.Equal((387507225714ul, 387511013210ul), (pauses[1].XenOpStartCycles, pauses[1].VcpuOfflineOrRunningCycles!.Value));
        // 3: runnable again.
        Assert.Equal((388446912992ul, 388446948044ul), (pauses[2].XenOpStartCycles, pauses[2].VcpuOfflineOrRunningCycles!.Value));

        Assert.All(pauses, p => Assert.Equal(0, p.StartCpu));
        Assert.All(pauses, p => Assert.Equal("vcpu_sleep", p.StartEvent));
        Assert.All(pauses, p => Assert.Equal("vcpu_offline", p.EndProbe));
        Assert.Equal(1, Fixture.Trace.Records[pauses[1].EndSourceIndex!.Value].Cpu);
    }

    [Fact]
    public void Pause_durations_at_2_1_GHz()
    {
        double[] us = D1.Pauses.Select(p => p.DurationUs(Fixture.CpuHz)!.Value).ToArray();

        Assert.Equal(22.599, us[0], 3);
        Assert.Equal(1803.570, us[1], 3); // emulated IPI + remote schedule under QEMU TCG
        Assert.Equal(16.691, us[2], 3);
    }

    [Fact]
    public void Unpauses_run_from_wake_to_the_first_runnable_to_running()
    {
        XenProbeOperation[] unpauses = D1.Unpauses.ToArray();

        Assert.Equal((386808933592ul, 386813488572ul), (unpauses[0].XenOpStartCycles, unpauses[0].VcpuOfflineOrRunningCycles!.Value));
        Assert.Equal((387959391680ul, 387972756266ul), (unpauses[1].XenOpStartCycles, unpauses[1].VcpuOfflineOrRunningCycles!.Value));
        Assert.Equal((388934057034ul, 388947298308ul), (unpauses[2].XenOpStartCycles, unpauses[2].VcpuOfflineOrRunningCycles!.Value));
        Assert.All(unpauses, u => Assert.Equal("vcpu_wake", u.StartEvent));
        Assert.All(unpauses, u => Assert.Equal("vcpu_running", u.EndProbe));

        double[] us = unpauses.Select(u => u.DurationUs(Fixture.CpuHz)!.Value).ToArray();
        Assert.Equal(2169.038, us[0], 3); // d1 waits behind d2 (both pinned to pCPU1)
        Assert.Equal(6364.089, us[1], 3);
        Assert.Equal(6305.369, us[2], 3);
    }

    [Fact]
    public void Domain_2_was_never_paused()
    {
        XenProbeResult d2 = XenProbeExtractor.Extract(Fixture.Trace.Records, domain: 2);

        Assert.Empty(d2.Operations);
    }
}
