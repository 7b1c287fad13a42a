using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Measurement;
using XenSwitchSim.Simulator.Platform;
using XenSwitchSim.Simulator.Platform.Toolstack;
using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Experiments;

/// <summary>
/// One replication, as the study ran it: on a board without a standby, warm the loads up, pause
/// the active domU at a random phase, wait, unpause it; on a board with a paused standby, warm
/// up and switch (pause the active, then unpause the standby). Replications are independent
/// systems, so their results are i.i.d.
/// </summary>
public static class SwitchExperiment
{
    /// <summary>Loads reach steady state: CFS vruntimes settle within a few 18 ms periods, credit2 within a 10 ms credit cycle.</summary>
    public const long WarmupNs = 100 * SimTime.Millisecond;

    /// <summary>The operation starts at a uniform point of this window, covering the tick (4 ms) and sampler (4 ms) periods many times.</summary>
    public const long PhaseWindowNs = 20 * SimTime.Millisecond;

    /// <summary>Pause-to-unpause gap: the paused domain's sampler timer has expired by then, as between the study's two experiments.</summary>
    public const long UnpauseGapNs = 60 * SimTime.Millisecond;

    /// <summary>An operation still unfinished after this long is reported as not completed (NaN).</summary>
    public const long CapNs = 30 * SimTime.Second;

    private const long StepNs = 2 * SimTime.Millisecond;

    public sealed record Options
    {
        public bool PauseUnpause { get; init; } = true;
        public bool Switch { get; init; } = true;
        public IReadOnlyCollection<SchedulerKind> AvailableSchedulers { get; init; } = [SchedulerKind.Credit2, SchedulerKind.Null, SchedulerKind.Credit];

        /// <summary>Called with each board before it runs (for --trace-run).</summary>
        public Action<Board>? Instrument { get; init; }
    }

    public static OperationTimes Run(PlatformParameters p, PlatformScenario s, ulong seed, long replication, Options? options = null)
    {
        options ??= new Options();
        var r = OperationTimes.Missing;
        if (options.PauseUnpause && s.Infeasibility(p.Pcpus, options.AvailableSchedulers) is null)
            RunPauseUnpause(p, s, seed, replication, options, ref r);
        if (options.Switch && s.SwitchInfeasibility(p.Pcpus, options.AvailableSchedulers) is null)
            RunSwitch(p, s, seed, replication, options, ref r);
        return r;
    }

    private static void RunPauseUnpause(PlatformParameters p, PlatformScenario s, ulong seed, long rep, Options o, ref OperationTimes r)
    {
        var b = new Board(p, s, seed, rep, withStandby: false, "pause-unpause");
        o.Instrument?.Invoke(b);
        var phase = RandomStream.For(seed, rep, "pause-unpause/op-phase");

        b.ActiveProbe.ArmPause(-1);
        b.Controller.Plan(WarmupNs + phase.NextLong(PhaseWindowNs), [(SwitchOp.Pause, b.ActiveDomain)]);
        RunUntil(b.Sim, () => b.ActiveProbe.PauseComplete, WarmupNs + PhaseWindowNs + CapNs);
        b.ActiveProbe.Pause.Dom0StampNs = b.Controller.DecisionNs;
        if (!b.ActiveProbe.PauseComplete) return;
        r.SetPause(b.ActiveProbe.Pause);
        var storage = b.Toolstack.Storage;
        var (launches, delayNs) = (storage.Launches, storage.DelayNs);
        r.PauseStorageUs = delayNs / 1000f;
        r.PauseXlLaunches = (byte)launches;

        b.ActiveProbe.ArmUnpause(-1);
        var at = b.Sim.NowNs + UnpauseGapNs + phase.NextLong(PhaseWindowNs);
        b.Controller.Plan(at, [(SwitchOp.Unpause, b.ActiveDomain)]);
        RunUntil(b.Sim, () => b.ActiveProbe.UnpauseComplete, at + CapNs);
        b.ActiveProbe.Unpause.Dom0StampNs = b.Controller.DecisionNs;
        if (!b.ActiveProbe.UnpauseComplete) return;
        r.SetUnpause(b.ActiveProbe.Unpause);
        r.UnpauseStorageUs = (storage.DelayNs - delayNs) / 1000f;
        r.UnpauseXlLaunches = (byte)(storage.Launches - launches);
    }

    private static void RunSwitch(PlatformParameters p, PlatformScenario s, ulong seed, long rep, Options o, ref OperationTimes r)
    {
        var b = new Board(p, s, seed, rep, withStandby: true, "switch");
        o.Instrument?.Invoke(b);
        var phase = RandomStream.For(seed, rep, "switch/op-phase");
        b.ActiveProbe.ArmPause(-1);
        b.StandbyProbe!.ArmUnpause(-1);
        var at = WarmupNs + phase.NextLong(PhaseWindowNs);
        b.Controller.Plan(at, [(SwitchOp.Pause, b.ActiveDomain), (SwitchOp.Unpause, b.StandbyDomain!)]);
        RunUntil(b.Sim, () => b.StandbyProbe.UnpauseComplete, at + CapNs);
        b.StandbyProbe.Unpause.Dom0StampNs = b.Controller.DecisionNs;
        if (!b.StandbyProbe.UnpauseComplete) return;
        r.SetSwitch(b.Controller.DecisionNs, b.StandbyProbe.Unpause);
        r.SwitchStorageUs = b.Toolstack.Storage.DelayNs / 1000f;
        r.SwitchXlLaunches = (byte)b.Toolstack.Storage.Launches;
    }

    private static void RunUntil(Simulation sim, Func<bool> done, long capNs)
    {
        while (!done() && sim.NowNs < capNs) sim.RunTo(Math.Min(capNs, sim.NowNs + StepNs));
    }
}
