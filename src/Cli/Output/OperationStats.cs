using XenSwitchSim.Calibration.Statistics;
using XenSwitchSim.Simulator.Measurement;

namespace XenSwitchSim.Cli.Output;

/// <summary>The statistics of one operation (pause, unpause, switch) over the replications.</summary>
public sealed record OperationStats(string Name, SummaryStats? Observed, SummaryStats? True, IReadOnlyList<(string Phase, double MeanUs)> PhaseMeans, string? Infeasible)
{
    public static IReadOnlyList<OperationStats> From(OperationTimes[] r, string? infeasible, string? switchInfeasible) =>
    [
        Make("pause", r, t => t.PauseObservedUs, t => t.PauseTrueUs, infeasible,
            ("xl_to_domu_last_sample", t => t.PauseXlToDomULastSampleUs),
            ("domu_last_sample_to_xen", t => t.PauseDomULastSampleToXenUs),
            ("xen_to_vcpu_paused", t => t.PauseXenToVcpuPausedUs)),
        Make("unpause", r, t => t.UnpauseObservedUs, t => t.UnpauseTrueUs, infeasible,
            ("xl_to_xen", t => t.UnpauseXlToXenUs),
            ("xen_to_vcpu_running", t => t.UnpauseXenToVcpuRunningUs),
            ("vcpu_running_to_domu_sample", t => t.UnpauseVcpuRunningToDomUSampleUs)),
        Make("switch", r, t => t.SwitchObservedUs, t => t.SwitchTrueUs, switchInfeasible),
    ];

    private static OperationStats Make(string name, OperationTimes[] r, Func<OperationTimes, double> observed, Func<OperationTimes, double> truth,
        string? infeasible, params (string, Func<OperationTimes, double>)[] phases)
    {
        if (infeasible is not null) return new OperationStats(name, null, null, [], infeasible);
        var phaseMeans = phases.Select(p => (p.Item1, Mean(r.Select(p.Item2)))).ToList();
        return new OperationStats(name, Stats(r.Select(observed)), Stats(r.Select(truth)), phaseMeans, null);
    }

    private static SummaryStats? Stats(IEnumerable<double> xs)
    {
        var a = xs.Where(double.IsFinite).ToArray();
        return a.Length == 0 ? null : SummaryStats.Compute(a);
    }

    private static double Mean(IEnumerable<double> xs)
    {
        var a = xs.Where(double.IsFinite).ToArray();
        return a.Length == 0 ? double.NaN : a.Average();
    }
}
