using XenSwitchSim.Simulator.Engine;

namespace XenSwitchSim.Simulator.Tests.Engine;

public class EventOrderTests
{
    private sealed class Recorder(Simulation sim, List<(long, string)> log, string name) : EventTarget
    {
        protected override void Fire(int token) => log.Add((sim.NowNs, $"{name}:{token}"));
    }

    [Fact]
    public void Events_run_in_time_order_whatever_the_order_they_were_scheduled_in()
    {
        var sim = new Simulation();
        var log = new List<(long, string)>();
        var r = new Recorder(sim, log, "r");
        var rng = RandomStream.For(1, 0, "test");
        var times = Enumerable.Range(0, 500).Select(_ => rng.NextLong(1_000_000)).ToArray();
        foreach (var t in times) sim.Schedule(r, t);
        sim.Run();
        Assert.Equal(times.OrderBy(t => t).ToArray(), log.Select(e => e.Item1).ToArray());
    }

    [Fact]
    public void Ties_at_the_same_time_run_by_priority_then_in_insertion_order()
    {
        var sim = new Simulation();
        var log = new List<(long, string)>();
        var a = new Recorder(sim, log, "a");
        var b = new Recorder(sim, log, "b");
        sim.Schedule(a, 10, token: 1);
        sim.Schedule(b, 10, token: 2);
        sim.Schedule(a, 10, token: 3, priority: -1);
        sim.Schedule(b, 10, token: 4);
        sim.Schedule(a, 5, token: 5, priority: 1);
        sim.Run();
        Assert.Equal(new[] { "a:5", "a:3", "a:1", "b:2", "b:4" }, log.Select(e => e.Item2));
    }

    [Fact]
    public void Scheduling_in_the_past_is_refused()
    {
        var sim = new Simulation();
        var log = new List<(long, string)>();
        var r = new Recorder(sim, log, "r");
        sim.Schedule(r, 100);
        sim.Run();
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Schedule(r, 99));
    }

    [Fact]
    public void Run_until_stops_before_later_events_and_resumes_them()
    {
        var sim = new Simulation();
        var log = new List<(long, string)>();
        var r = new Recorder(sim, log, "r");
        sim.Schedule(r, 10);
        sim.Schedule(r, 20);
        sim.Schedule(r, 30);
        sim.RunTo(25);
        Assert.Equal(2, log.Count);
        Assert.Equal(25, sim.NowNs);
        sim.Run();
        Assert.Equal(30, log[^1].Item1);
    }

    [Fact]
    public void Heap_keeps_order_through_growth_with_many_pending_events()
    {
        var sim = new Simulation(initialQueueCapacity: 4);
        var log = new List<(long, string)>();
        var r = new Recorder(sim, log, "r");
        for (var i = 10_000; i > 0; i--) sim.Schedule(r, i % 97, token: i);
        sim.Run();
        for (var i = 1; i < log.Count; i++) Assert.True(log[i - 1].Item1 <= log[i].Item1);
        Assert.Equal(10_000, log.Count);
    }
}
