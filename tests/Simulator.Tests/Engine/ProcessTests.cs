using XenSwitchSim.Simulator.Engine;

namespace XenSwitchSim.Simulator.Tests.Engine;

public class ProcessTests
{
    [Fact]
    public void A_process_resumes_after_each_delay_at_the_right_time()
    {
        var sim = new Simulation();
        var seen = new List<long>();
        IEnumerable<Wait> Body()
        {
            seen.Add(sim.NowNs);
            yield return Wait.For(5);
            seen.Add(sim.NowNs);
            yield return Wait.For(0);
            seen.Add(sim.NowNs);
            yield return Wait.For(7);
            seen.Add(sim.NowNs);
        }
        var p = sim.Start(Body());
        sim.Run();
        Assert.Equal(new long[] { 0, 5, 5, 12 }, seen);
        Assert.True(p.IsFinished);
    }

    [Fact]
    public void An_interrupt_wakes_a_sleeping_process_at_once_and_cancels_its_timeout()
    {
        var sim = new Simulation();
        var log = new List<string>();
        Process? sleeper = null;
        IEnumerable<Wait> Sleeper()
        {
            yield return Wait.For(10_000);
            log.Add($"{sim.NowNs} interrupted={sleeper!.Interrupted} cause={sleeper.InterruptCause}");
            yield return Wait.For(1);
            log.Add($"{sim.NowNs} interrupted={sleeper.Interrupted}");
        }
        IEnumerable<Wait> Interrupter()
        {
            yield return Wait.For(3_000);
            sleeper!.Interrupt("preempt");
        }
        sleeper = sim.Start(Sleeper(), "sleeper");
        sim.Start(Interrupter(), "interrupter");
        sim.Run();
        Assert.Equal(new[] { "3000 interrupted=True cause=preempt", "3001 interrupted=False" }, log);
        Assert.Equal(1, sim.StaleEvents); // the cancelled 10 us timeout popped and was ignored
    }

    [Fact]
    public void A_process_can_wait_for_another_process_to_finish()
    {
        var sim = new Simulation();
        long joinedAt = -1;
        IEnumerable<Wait> Child() { yield return Wait.For(42); }
        var child = sim.Start(Child());
        IEnumerable<Wait> Parent()
        {
            yield return Wait.Finished(child);
            joinedAt = sim.NowNs;
            yield return Wait.Finished(child); // already finished: continues at once
            joinedAt += 1000;
        }
        sim.Start(Parent());
        sim.Run();
        Assert.Equal(1042, joinedAt);
    }

    [Fact]
    public void A_passivated_process_sleeps_until_activated()
    {
        var sim = new Simulation();
        long wokeAt = -1;
        IEnumerable<Wait> Sleeper() { yield return Wait.Passivate(); wokeAt = sim.NowNs; }
        var p = sim.Start(Sleeper());
        IEnumerable<Wait> Waker() { yield return Wait.For(77); p.Activate(); }
        sim.Start(Waker());
        sim.Run();
        Assert.Equal(77, wokeAt);
    }

    [Fact]
    public void An_event_wakes_every_waiter_in_order_and_is_not_latched()
    {
        var sim = new Simulation();
        var ev = new SimEvent(sim);
        var log = new List<string>();
        IEnumerable<Wait> Waiter(string name)
        {
            yield return Wait.On(ev);
            log.Add($"{name}@{sim.NowNs}");
        }
        sim.Start(Waiter("a"));
        sim.Start(Waiter("b"));
        IEnumerable<Wait> Signaller()
        {
            yield return Wait.For(10);
            ev.Signal();
            yield return Wait.For(10);
            ev.Signal(); // nobody waits now: nothing happens
        }
        sim.Start(Signaller());
        IEnumerable<Wait> Late() { yield return Wait.For(15); yield return Wait.On(ev); log.Add($"late@{sim.NowNs}"); }
        sim.Start(Late());
        sim.Run();
        Assert.Equal(new[] { "a@10", "b@10", "late@20" }, log);
    }

    [Fact]
    public void Run_until_finished_stops_while_other_processes_still_run()
    {
        var sim = new Simulation();
        IEnumerable<Wait> Forever() { while (true) yield return Wait.For(3); }
        IEnumerable<Wait> Short() { yield return Wait.For(10); }
        sim.Start(Forever());
        var s = sim.Start(Short());
        sim.RunUntilFinished(s);
        Assert.Equal(10, sim.NowNs);
        Assert.True(sim.PendingEvents > 0);
    }
}
