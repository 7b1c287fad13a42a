using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Tests.Xen;

/// <summary>One xentrace-like record as the observer saw it.</summary>
public readonly record struct XenRecord(long AtNs, string Kind, int Pcpu, string Vcpu, RunState From, RunState To, string Next)
{
    public override string ToString() => Kind switch
    {
        "runstate" => $"{AtNs} p{Pcpu} {Vcpu} {From}->{To}",
        "switch" => $"{AtNs} p{Pcpu} switch {Vcpu}->{Next}",
        _ => $"{AtNs} p{Pcpu} {Kind} {Vcpu}",
    };
}

public sealed class RecordingObserver : IXenObserver
{
    public List<XenRecord> Records { get; } = [];

    public void RunstateChange(long atNs, int pcpu, Vcpu vcpu, RunState from, RunState to) =>
        Records.Add(new XenRecord(atNs, "runstate", pcpu, vcpu.ToString(), from, to, ""));

    public void Sleep(long atNs, int pcpu, Vcpu vcpu) => Records.Add(new XenRecord(atNs, "sleep", pcpu, vcpu.ToString(), default, default, ""));

    public void Wake(long atNs, int pcpu, Vcpu vcpu) => Records.Add(new XenRecord(atNs, "wake", pcpu, vcpu.ToString(), default, default, ""));

    public void Switch(long atNs, int pcpu, Vcpu? prev, Vcpu? next) =>
        Records.Add(new XenRecord(atNs, "switch", pcpu, prev?.ToString() ?? "idle", default, default, next?.ToString() ?? "idle"));

    public IEnumerable<XenRecord> Runstates(string vcpu) => Records.Where(r => r.Kind == "runstate" && r.Vcpu == vcpu);
}

/// <summary>A fake guest: records when it runs guest code; busy ones never block, idle ones block at once.</summary>
public sealed class FakeGuest(Hypervisor xen, bool busy) : IGuestCpu
{
    private long _since = -1;

    public List<(long Start, long Stop)> Runs { get; } = [];
    public long FirstRunNs => Runs.Count > 0 ? Runs[0].Start : _since;
    public List<long> RunStarts { get; } = [];
    public bool Running => _since >= 0;

    public long RunTimeNs(long nowNs) => Runs.Sum(r => r.Stop - r.Start) + (_since >= 0 ? nowNs - _since : 0);

    public void OnRun(Vcpu vcpu)
    {
        Assert.True(_since < 0, $"{vcpu}: OnRun while running");
        _since = xen.Sim.NowNs;
        RunStarts.Add(_since);
        if (busy) return;
        // An idle guest: nothing to do, WFI (twice if an event was pending: the first returns).
        xen.Block(vcpu);
        if (vcpu.ExecutingGuest) xen.Block(vcpu);
    }

    public void OnStop(Vcpu vcpu)
    {
        Assert.True(_since >= 0, $"{vcpu}: OnStop while not running");
        Runs.Add((_since, xen.Sim.NowNs));
        _since = -1;
    }
}

/// <summary>Kicks a vCPU every period from a start time, like the guest's virtual timer.</summary>
public sealed class PeriodicKick : EventTarget
{
    private readonly Hypervisor _xen;
    private readonly Vcpu _vcpu;
    private readonly long _period;

    public PeriodicKick(Hypervisor xen, Vcpu vcpu, long firstNs, long periodNs)
    {
        _xen = xen;
        _vcpu = vcpu;
        _period = periodNs;
        xen.Sim.Schedule(this, firstNs);
    }

    public List<long> Kicks { get; } = [];

    protected override void Fire(int token)
    {
        Kicks.Add(_xen.Sim.NowNs);
        _xen.Kick(_vcpu);
        _xen.Sim.Schedule(this, _xen.Sim.NowNs + _period);
    }
}

public static class XenTestKit
{
    public static readonly XenCosts Costs = new();

    /// <summary>Runs <paramref name="action"/> at <paramref name="atNs"/>.</summary>
    public static void At(Simulation sim, long atNs, Action action)
    {
        sim.Start(Body());
        IEnumerable<Wait> Body()
        {
            yield return Wait.For(atNs - sim.NowNs);
            action();
        }
    }

    public static (Domain Domain, FakeGuest[] Guests) Domain(Hypervisor xen, int id, int vcpus, bool busy, IReadOnlyList<int>? pins = null)
    {
        var guests = Enumerable.Range(0, vcpus).Select(_ => new FakeGuest(xen, busy)).ToArray();
        return (xen.CreateDomain(id, $"d{id}", guests, pins), guests);
    }
}
