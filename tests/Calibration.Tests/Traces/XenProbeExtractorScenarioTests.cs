using XenSwitchSim.Calibration.Traces;
using Xunit;

namespace XenSwitchSim.Calibration.Tests.Traces;

/// <summary>Record sequences Xen writes for pause/unpause in the vCPU states the fixture lacks.</summary>
public class XenProbeExtractorScenarioTests
{
    private const int D = 1;
    private const int Idle = TraceEventIds.IdleDomain;

    private static XenProbeResult Extract(params SchedProbeEvent[] events) => XenProbeExtractor.Extract(events, D);

    private static SchedProbeEvent Sleep(ulong t, int vcpu, int cpu = 0) => new(t, cpu, SchedProbeKind.Sleep, D, vcpu);

    private static SchedProbeEvent Wake(ulong t, int vcpu, int cpu = 0) => new(t, cpu, SchedProbeKind.Wake, D, vcpu);

    private static SchedProbeEvent Rs(ulong t, int vcpu, RunState from, RunState to, int cpu = 0) =>
        new(t, cpu, SchedProbeKind.Runstate, D, vcpu, from, to);

    [Fact]
    public void Blocked_vcpu_pause_ends_at_its_next_wake_not_at_sleep()
    {
        XenProbeResult r = Extract(
            Rs(10, 0, RunState.Running, RunState.Blocked, cpu: 2),
            Sleep(100, 0),                                     // xl pause: no runstate record
            Wake(4100, 0, cpu: 2),                             // guest timer 4 ms later...
            Rs(4101, 0, RunState.Blocked, RunState.Offline, cpu: 2), // ...writes blocked->offline
            Wake(9000, 0),                                     // xl unpause
            Rs(9001, 0, RunState.Offline, RunState.Runnable),
            Rs(9050, 0, RunState.Runnable, RunState.Running, cpu: 2));

        XenProbeOperation pause = Assert.Single(r.Pauses);
        Assert.Equal((100ul, 4101ul), (pause.XenOpStartCycles, pause.VcpuOfflineOrRunningCycles!.Value));
        XenProbeOperation unpause = Assert.Single(r.Unpauses);
        Assert.Equal((9000ul, 9050ul), (unpause.XenOpStartCycles, unpause.VcpuOfflineOrRunningCycles!.Value));
        Assert.Empty(r.Warnings);
    }

    [Fact]
    public void Blocked_vcpu_never_woken_during_the_pause_unpauses_on_a_bare_wake()
    {
        XenProbeResult r = Extract(
            Rs(10, 0, RunState.Running, RunState.Blocked, cpu: 2),
            Sleep(100, 0),
            Wake(900, 0),                                          // unpause: still blocked, no record
            Wake(3000, 0, cpu: 2),                                 // its event arrives
            Rs(3001, 0, RunState.Blocked, RunState.Runnable, cpu: 2),
            Rs(3020, 0, RunState.Runnable, RunState.Running, cpu: 2));

        XenProbeOperation pause = r.Operations[0];
        Assert.Equal(XenOperationKind.Pause, pause.Op);
        Assert.Null(pause.VcpuOfflineOrRunningCycles);
        Assert.Equal([0], pause.VcpusWithoutEndRecord);
        Assert.False(pause.Complete);

        XenProbeOperation unpause = r.Operations[1];
        Assert.Equal(XenOperationKind.Unpause, unpause.Op);
        Assert.Equal((900ul, 3020ul), (unpause.XenOpStartCycles, unpause.VcpuOfflineOrRunningCycles!.Value));
        Assert.Equal("vcpu_wake", unpause.StartEvent);
    }

    [Fact]
    public void Multi_vcpu_pause_ends_at_the_last_vcpus_offline_record()
    {
        XenProbeResult r = Extract(
            Sleep(100, 0),
            Rs(150, 0, RunState.Running, RunState.Offline, cpu: 1),
            Sleep(160, 1),
            Rs(230, 1, RunState.Running, RunState.Offline, cpu: 2),
            Sleep(240, 2),
            Rs(241, 2, RunState.Runnable, RunState.Offline),
            Wake(1000, 0), Rs(1001, 0, RunState.Offline, RunState.Runnable),
            Wake(1002, 1), Rs(1003, 1, RunState.Offline, RunState.Runnable),
            Wake(1004, 2), Rs(1005, 2, RunState.Offline, RunState.Runnable),
            Rs(1040, 1, RunState.Runnable, RunState.Running, cpu: 2),
            Rs(1060, 0, RunState.Runnable, RunState.Running, cpu: 1));

        XenProbeOperation pause = r.Operations[0];
        Assert.Equal((100ul, 241ul), (pause.XenOpStartCycles, pause.VcpuOfflineOrRunningCycles!.Value));
        Assert.Equal([0, 1, 2], pause.Vcpus);
        Assert.True(pause.Complete);

        XenProbeOperation unpause = r.Operations[1];
        Assert.Equal((1000ul, 1040ul), (unpause.XenOpStartCycles, unpause.VcpuOfflineOrRunningCycles!.Value));
        Assert.Equal([0, 1, 2], unpause.Vcpus);
        Assert.Equal(2, r.Operations.Count);
    }

    [Fact]
    public void Vcpu_descheduled_between_pause_count_and_its_own_sleep_still_counts()
    {
        // pause_count is raised before the SLEEPs, so v1 may go offline on its own before SLEEP(v1).
        XenProbeResult r = Extract(
            Sleep(100, 0),
            Rs(120, 1, RunState.Running, RunState.Offline, cpu: 2),
            Rs(150, 0, RunState.Running, RunState.Offline, cpu: 1),
            Sleep(160, 1));

        XenProbeOperation pause = Assert.Single(r.Operations);
        Assert.Equal(150ul, pause.VcpuOfflineOrRunningCycles);
        Assert.True(pause.Complete);
    }

    [Fact]
    public void Missing_wake_records_fall_back_to_offline_to_runnable()
    {
        XenProbeResult r = Extract(
            Sleep(100, 0),
            Rs(101, 0, RunState.Runnable, RunState.Offline),
            Rs(500, 0, RunState.Offline, RunState.Runnable),
            Rs(520, 0, RunState.Runnable, RunState.Running, cpu: 1));

        XenProbeOperation unpause = r.Operations[1];
        Assert.Equal("runstate_change offline->runnable", unpause.StartEvent);
        Assert.Equal((500ul, 520ul), (unpause.XenOpStartCycles, unpause.VcpuOfflineOrRunningCycles!.Value));
    }

    [Fact]
    public void Other_domains_and_unrelated_wakes_are_ignored()
    {
        XenProbeResult r = XenProbeExtractor.Extract(
            [
                new SchedProbeEvent(50, 0, SchedProbeKind.Wake, D, 0), // ordinary wake-up before any pause
                new SchedProbeEvent(60, 1, SchedProbeKind.Runstate, D, 0, RunState.Runnable, RunState.Running),
                new SchedProbeEvent(100, 0, SchedProbeKind.Sleep, 2, 0),
                new SchedProbeEvent(101, 0, SchedProbeKind.Runstate, 2, 0, RunState.Runnable, RunState.Offline),
                new SchedProbeEvent(102, 1, SchedProbeKind.Runstate, Idle, 1, RunState.Runnable, RunState.Running),
            ],
            D);

        Assert.Empty(r.Operations);
    }

    [Fact]
    public void Nested_pause_starts_a_new_operation_and_is_reported()
    {
        XenProbeResult r = Extract(
            Sleep(100, 0),
            Rs(101, 0, RunState.Runnable, RunState.Offline),
            Sleep(200, 0), // second xl pause; the first xl unpause writes nothing
            Wake(900, 0),
            Rs(901, 0, RunState.Offline, RunState.Runnable),
            Rs(950, 0, RunState.Runnable, RunState.Running, cpu: 1));

        Assert.Equal([XenOperationKind.Pause, XenOperationKind.Pause, XenOperationKind.Unpause],
            r.Operations.Select(o => o.Op).ToArray());
        Assert.Null(r.Operations[1].VcpuOfflineOrRunningCycles); // already offline: no record to find
        Assert.Empty(r.Operations[1].VcpusWithoutEndRecord);
        Assert.Contains(r.Warnings, w => w.Contains("nested pause"));
    }

    [Fact]
    public void Trace_ending_mid_operation_gives_an_open_end()
    {
        XenProbeResult r = Extract(Sleep(100, 0), Rs(101, 0, RunState.Runnable, RunState.Offline), Wake(500, 0));

        Assert.Equal(2, r.Operations.Count);
        Assert.Null(r.Operations[1].VcpuOfflineOrRunningCycles);
        Assert.Null(r.Operations[1].DurationCycles);
    }

    [Fact]
    public void Events_from_per_cpu_text_are_put_in_time_order_first()
    {
        // xentrace_format prints whole windows per CPU: cpu1's records may come after later cpu0 ones.
        XenProbeResult r = Extract(
            Sleep(100, 0),
            Wake(500, 0),
            Rs(501, 0, RunState.Offline, RunState.Runnable),
            Rs(300, 0, RunState.Running, RunState.Offline, cpu: 1),
            Rs(600, 0, RunState.Runnable, RunState.Running, cpu: 1));

        Assert.Equal(300ul, r.Operations[0].VcpuOfflineOrRunningCycles);
        Assert.Equal(600ul, r.Operations[1].VcpuOfflineOrRunningCycles);
    }
}
