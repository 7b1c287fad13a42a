using XenSwitchSim.Simulator.Engine;

namespace XenSwitchSim.Simulator.Tests.Engine;

public class ResourceTests
{
    [Fact]
    public void Requests_are_granted_first_come_first_served_and_never_beyond_capacity()
    {
        var sim = new Simulation();
        var cpu = new Resource(sim, 2);
        var grants = new List<string>();
        var maxInUse = 0;
        IEnumerable<Wait> User(string name, long arriveNs, long holdNs)
        {
            yield return Wait.For(arriveNs);
            yield return Wait.Request(cpu);
            grants.Add($"{name}@{sim.NowNs}");
            maxInUse = Math.Max(maxInUse, cpu.Capacity - cpu.Free);
            yield return Wait.For(holdNs);
            cpu.Release();
        }
        sim.Start(User("a", 0, 100));
        sim.Start(User("b", 1, 100));
        sim.Start(User("c", 2, 10));
        sim.Start(User("d", 3, 10));
        sim.Start(User("e", 4, 10));
        sim.Run();
        Assert.Equal(new[] { "a@0", "b@1", "c@100", "d@101", "e@110" }, grants);
        Assert.Equal(2, maxInUse);
        Assert.Equal(2, cpu.Free);
    }

    [Fact]
    public void An_interrupted_waiter_leaves_the_queue_and_the_next_one_is_served()
    {
        var sim = new Simulation();
        var cpu = new Resource(sim, 1);
        var log = new List<string>();
        Process? waiter = null;
        IEnumerable<Wait> Holder() { yield return Wait.Request(cpu); yield return Wait.For(100); cpu.Release(); }
        IEnumerable<Wait> Waiter()
        {
            yield return Wait.For(1);
            yield return Wait.Request(cpu);
            log.Add($"waiter interrupted={waiter!.Interrupted}@{sim.NowNs}");
        }
        IEnumerable<Wait> Next() { yield return Wait.For(2); yield return Wait.Request(cpu); log.Add($"next@{sim.NowNs}"); cpu.Release(); }
        IEnumerable<Wait> Interrupter() { yield return Wait.For(50); waiter!.Interrupt(); }
        sim.Start(Holder());
        waiter = sim.Start(Waiter());
        sim.Start(Next());
        sim.Start(Interrupter());
        sim.Run();
        Assert.Equal(new[] { "waiter interrupted=True@50", "next@100" }, log);
        Assert.Equal(1, cpu.Free);
    }

    [Fact]
    public void A_unit_granted_to_a_process_interrupted_before_it_resumed_is_given_back()
    {
        var sim = new Simulation();
        var cpu = new Resource(sim, 1);
        Process? waiter = null;
        var nextGrantedAt = -1L;
        IEnumerable<Wait> Holder()
        {
            yield return Wait.Request(cpu);
            yield return Wait.For(10);
            cpu.Release();   // hands the unit to the waiter (grant pending in the queue) ...
            waiter!.Interrupt(); // ... which is interrupted at the same instant, before it resumes
        }
        IEnumerable<Wait> Waiter() { yield return Wait.For(1); yield return Wait.Request(cpu); }
        IEnumerable<Wait> Next() { yield return Wait.For(20); yield return Wait.Request(cpu); nextGrantedAt = sim.NowNs; }
        sim.Start(Holder());
        waiter = sim.Start(Waiter());
        sim.Start(Next());
        sim.Run();
        Assert.Equal(20, nextGrantedAt);
        Assert.Equal(0, cpu.Free); // Next holds it; the interrupted waiter does not
    }

    [Fact]
    public void Releasing_more_than_was_granted_is_an_error()
    {
        var sim = new Simulation();
        var cpu = new Resource(sim, 1);
        Assert.Throws<InvalidOperationException>(() => cpu.Release());
    }
}
