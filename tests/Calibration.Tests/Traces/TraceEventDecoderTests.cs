using XenSwitchSim.Calibration.Traces;
using Xunit;

namespace XenSwitchSim.Calibration.Tests.Traces;

public class TraceEventDecoderTests
{
    private static DecodedEvent At(long fileOffset) =>
        TraceEventDecoder.Decode(Fixture.Trace.Records.Single(r => r.FileOffset == fileOffset));

    [Fact]
    public void Fixture_pause_records_decode_like_xenalyze()
    {
        // Offsets of the first `xl pause d1` (see XenProbeExtractorFixtureTests).
        DecodedEvent sleep = At(99824);
        Assert.Equal(new DecodedEvent("vcpu_sleep", "vcpu_sleep d1v0", 1, 0), sleep);

        DecodedEvent offline = At(99844);
        Assert.Equal("runstate_change d1v0 runnable->offline", offline.Text);
        Assert.Equal((1, 0, RunState.Runnable, RunState.Offline),
            (offline.Dom!.Value, offline.Vcpu!.Value, offline.Old!.Value, offline.New!.Value));

        Assert.Equal("runstate_change d1v0 running->offline", At(203212).Text);
        Assert.Equal("runstate_change d1v0 offline->runnable", At(116016).Text);
        Assert.Equal("vcpu_wake d1v0", At(115996).Text);
    }

    [Fact]
    public void Fixture_switch_and_credit2_records_decode()
    {
        Assert.Equal("sched_switch prev d1v0 next d2v0", At(203184).Text);
        Assert.Null(At(203184).Dom);
        Assert.Equal("sched_switch prev d1v0, run for 12971.886us", At(203132).Text); // 0xc5ef6e ns
        Assert.Equal("sched_switch next d2v0, was runnable for 12807.183us, next slice 9526.129us", At(203156).Text);
        Assert.Equal("csched2:schedule cpu 1, rq# 0, busy, tickled", At(203044).Text); // {1}, {0x01000000}
        Assert.Equal("csched2:schedule cpu 0, rq# 0, busy, not tickled", At(12).Text);
        Assert.Equal("csched2:burn_credits d0v0, credit = -56396, delta = 5443509", At(32).Text);
        Assert.Equal("csched2:runq_candidate d2v0, credit = 9526129, no cpu was tickled", At(203108).Text);
        Assert.Equal("csched2:runq_cand_check d2v0", At(203092).Text);
        Assert.Equal("runstate_continue d0v0 running->running", At(199464).Text);
        Assert.Equal("cpu_change cpu 0, window_size 4036", At(0).Text);
        Assert.Equal("wrap_buffer, 28 bytes of padding", At(331500).Text);
    }

    [Theory]
    [InlineData(0x00022213u, "csched2:picked_cpu")]
    [InlineData(0x00022214u, "csched2:runq_candidate")]
    [InlineData(0x00022215u, "csched2:schedule")]
    [InlineData(0x00022216u, "csched2:ratelimit")]
    [InlineData(0x00022217u, "csched2:runq_cand_check")]
    [InlineData(0x00022203u, "csched2:burn_credits")]
    [InlineData(0x00022a05u, "null:schedule")]
    [InlineData(0x00022a01u, "null:picked_cpu")]
    [InlineData(0x00022009u, "csched:schedule")]
    [InlineData(0x00028001u, "sched_init_domain")]
    [InlineData(0x00028002u, "sched_destroy_domain")]
    [InlineData(0x0002800eu, "switch_infprev")]
    [InlineData(0x00021002u, "runstate_continue")]
    [InlineData(0x00021231u, "runstate_change")]
    [InlineData(0x0001f001u, "lost_records")]
    [InlineData(0x00041001u, "domain_create")]
    [InlineData(0x00021041u, "unknown")] // state 4 does not exist
    [InlineData(0x0008f001u, "unknown")]
    public void Names_use_the_hypervisor_ids(uint eventId, string name)
    {
        Assert.Equal(name, TraceEventDecoder.NameOf(eventId));
    }

    [Fact]
    public void Runstate_ids_encode_old_and_new()
    {
        Assert.Equal(0x00021031u, TraceEventIds.RunstateChange(RunState.Running, RunState.Offline));
        Assert.Equal(0x00021311u, TraceEventIds.RunstateChange(RunState.Offline, RunState.Runnable));
        Assert.True(TraceEventIds.TryGetRunstateChange(0x00021231, out RunState o, out RunState n));
        Assert.Equal((RunState.Blocked, RunState.Offline), (o, n));
        Assert.False(TraceEventIds.TryGetRunstateChange(0x00021002, out _, out _));
        Assert.False(TraceEventIds.TryGetRunstateChange(0x00022031, out _, out _));
    }

    [Fact]
    public void Synthetic_payloads_decode()
    {
        Assert.Equal("runstate_change d32767v2 blocked->runnable",
            TraceEventDecoder.Decode(0x00021211, [0x7fff0002]).Text);
        Assert.Equal("sched_switch prev d1v0 next d32767v2",
            TraceEventDecoder.Decode(TraceEventIds.Switch, [1, 0, 0x7fff, 2]).Text);
        Assert.Equal("sched_switch prev d1v0, run for 1.005us", // xenalyze would print "1.5us"
            TraceEventDecoder.Decode(TraceEventIds.SwitchInfPrev, [1, 0, 1005]).Text);
        Assert.Equal("null:schedule cpu 3, vcpu d2v0",
            TraceEventDecoder.Decode(TraceEventIds.NullSchedule, [3u << 16, 0x00020000]).Text);
        Assert.Equal("null:schedule cpu 1, no vcpu",
            TraceEventDecoder.Decode(TraceEventIds.NullSchedule, [1u << 16, 0xffffffff]).Text);
        Assert.Equal("csched2:picked_cpu d3v1, rq# 0, cpu 2",
            TraceEventDecoder.Decode(TraceEventIds.Csched2PickedCpu, [7, 0, 0x00030001, 2u << 16]).Text);
        Assert.Equal("csched2:ratelimit d1v1 run only 250.000us",
            TraceEventDecoder.Decode(TraceEventIds.Csched2Ratelimit, [0x00010001, 250000]).Text);
        Assert.Equal("csched2:runq_tickle cpu 3", TraceEventDecoder.Decode(TraceEventIds.Csched2Tickle, [3]).Text);
        Assert.Equal("sched_init_domain d5", TraceEventDecoder.Decode(TraceEventIds.DomAdd, [5]).Text);
        Assert.Equal("unknown 0x0008f001 [ 0x00000001 ]", TraceEventDecoder.Decode(0x0008f001, [1]).Text);
    }

    [Fact]
    public void Short_payloads_are_reported_not_thrown()
    {
        foreach (uint id in new uint[]
                 {
                     0x00021031, TraceEventIds.Sleep, TraceEventIds.Switch, TraceEventIds.SwitchInfNext,
                     TraceEventIds.Csched2Schedule, TraceEventIds.Csched2UpdateRunqLoad, TraceEventIds.NullSchedule,
                     TraceEventIds.LostRecords, TraceEventIds.CpuChange, TraceEventIds.ContinueRunning,
                 })
        {
            DecodedEvent e = TraceEventDecoder.Decode(id, []);
            Assert.Contains("short record", e.Text);
            Assert.Null(e.Dom);
        }
    }
}
