using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Linux;

namespace XenSwitchSim.Simulator.Tests.Linux;

public class CfsTests
{
    private static double ShareAgainstOneHog(int nice)
    {
        var h = new LinuxHarness();
        new Hog(h.Kernel).StartAt(0);
        var t = new Hog(h.Kernel, "measured", nice);
        t.StartAt(0);
        h.Sim.RunTo(100 * SimTime.Millisecond);
        h.Kernel.Cpus[0].UpdateCurrForTest();
        return t.SumExecTotalNs / (double)(100 * SimTime.Millisecond);
    }

    [Fact]
    public void A_nice_0_task_sharing_a_vcpu_with_one_hog_gets_about_half_of_it()
    {
        Assert.InRange(ShareAgainstOneHog(0), 0.42, 0.58);
    }

    [Fact]
    public void At_nice_minus_20_it_gets_nearly_all_of_it()
    {
        Assert.InRange(ShareAgainstOneHog(-20), 0.95, 1.0);
    }

    [Fact]
    public void A_forked_child_waits_behind_the_queue_instead_of_preempting()
    {
        var h = new LinuxHarness();
        new Hog(h.Kernel).StartAt(0);
        var parent = new Spawner(h.Kernel, 2 * SimTime.Millisecond);
        parent.StartAt(50 * SimTime.Millisecond);
        h.Sim.RunTo(200 * SimTime.Millisecond);
        Assert.True(parent.Child!.FinishedNs > 0);
        // START_DEBIT: it cannot wake-preempt the hog, so it waits for a tick-driven switch.
        var waited = parent.Child.FinishedNs - parent.ForkedAtNs - 2 * SimTime.Millisecond;
        Assert.True(waited >= 1 * SimTime.Millisecond, $"child ran after only {waited} ns");
    }

    [Fact]
    public void Without_competition_a_forked_child_runs_at_once()
    {
        var h = new LinuxHarness();
        var parent = new Spawner(h.Kernel, 2 * SimTime.Millisecond);
        parent.StartAt(50 * SimTime.Millisecond);
        h.Sim.RunTo(200 * SimTime.Millisecond);
        Assert.Equal(parent.ForkedAtNs + 2 * SimTime.Millisecond, parent.Child!.FinishedNs);
    }

    [Fact]
    public void A_fifo_task_preempts_a_cfs_hog_at_once()
    {
        var h = new LinuxHarness();
        new Hog(h.Kernel).StartAt(0);
        var fifo = new Job(h.Kernel, 300 * SimTime.Microsecond, startNs: 37 * SimTime.Millisecond + 123, policy: SchedPolicy.Fifo);
        fifo.StartAt(0);
        h.Sim.RunTo(100 * SimTime.Millisecond);
        Assert.Equal(37 * SimTime.Millisecond + 123 + 300 * SimTime.Microsecond, fifo.FinishedNs);
    }

    [Fact]
    public void A_long_sleeper_wakes_with_credit_and_preempts_a_hog()
    {
        var h = new LinuxHarness();
        new Hog(h.Kernel).StartAt(0);
        var sleeper = new Job(h.Kernel, 100 * SimTime.Microsecond, startNs: 60 * SimTime.Millisecond + 7);
        sleeper.StartAt(0);
        h.Sim.RunTo(100 * SimTime.Millisecond);
        // Placed latency/2 behind min_vruntime: more than the wakeup granularity, so it preempts.
        Assert.Equal(60 * SimTime.Millisecond + 7 + 100 * SimTime.Microsecond, sleeper.FinishedNs);
    }

    [Fact]
    public void Tunables_scale_with_the_number_of_cpus()
    {
        Assert.Equal(6 * SimTime.Millisecond, new CfsTunables(1, 250).LatencyNs);
        Assert.Equal(12 * SimTime.Millisecond, new CfsTunables(2, 250).LatencyNs);
        Assert.Equal(12 * SimTime.Millisecond, new CfsTunables(3, 250).LatencyNs);
        Assert.Equal(18 * SimTime.Millisecond, new CfsTunables(4, 250).LatencyNs);
        Assert.Equal(3 * SimTime.Millisecond, new CfsTunables(4, 250).WakeupGranularityNs);
    }

    private sealed class Spawner(LinuxKernel k, long childWorkNs) : LinuxTask(k, "spawner")
    {
        public Job? Child;
        public long ForkedAtNs;

        protected override IEnumerable<Wait> Body()
        {
            yield return Compute(100 * SimTime.Microsecond);
            ForkedAtNs = Sim.NowNs;
            Child = new Job(Kernel, childWorkNs);
            Kernel.Fork(this, Child);
            yield return Wait.Finished(Child);
        }
    }
}

public class SchedulerObserverTests
{
    /// <summary>
    /// A task that finishes (or blocks) hands its CPU over: the observer must name it, so --trace-run and the Gantt
    /// figure show it leaving instead of "idle -> next" (or, with nothing to run next, no handover at all).
    /// </summary>
    [Fact]
    public void A_task_that_exits_is_named_as_the_one_handing_the_cpu_over()
    {
        var h = new LinuxHarness();
        var seen = new List<(LinuxTask? Prev, LinuxTask? Next)>();
        h.Kernel.Observer = (_, _, prev, next) => seen.Add((prev, next));
        var first = new Job(h.Kernel, 1 * SimTime.Millisecond);
        var second = new Job(h.Kernel, 1 * SimTime.Millisecond);
        first.StartAt(0);
        second.StartAt(0);
        h.Sim.RunTo(10 * SimTime.Millisecond);
        Assert.True(first.FinishedNs > 0 && second.FinishedNs > 0);
        // Each runs its 1 ms (a tick is 4 ms: no preemption) and exits: idle -> A, A -> B, B -> idle, A and B the two jobs.
        Assert.Equal(3, seen.Count);
        var (a, b) = (seen[0].Next, seen[1].Next);
        Assert.Equal(new (LinuxTask?, LinuxTask?)[] { (null, a), (a, b), (b, null) }, seen);
        Assert.Equal(new HashSet<LinuxTask?> { first, second }, new HashSet<LinuxTask?> { a, b });
    }
}
