using XenSwitchSim.Models.Files;
using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Simulator.Platform;
using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Experiments;

/// <summary>A model and fully resolved scenario, bound to the platform, with what cannot run on it.</summary>
public sealed record ResolvedScenario
{
    public required ModelDefinition Model { get; init; }
    public required ScenarioParameters Parameters { get; init; }
    public required PlatformParameters Platform { get; init; }
    public required PlatformScenario Settings { get; init; }
    public required IReadOnlyCollection<SchedulerKind> Schedulers { get; init; }

    /// <summary>Why pause/unpause cannot run, or null.</summary>
    public string? Infeasible => Settings.Infeasibility(Platform.Pcpus, Schedulers);

    /// <summary>Why the switch cannot run, or null.</summary>
    public string? SwitchInfeasible => Settings.SwitchInfeasibility(Platform.Pcpus, Schedulers);

    public static ResolvedScenario From(ModelDefinition model, ScenarioParameters parameters, PlatformParameters? platform = null) => new()
    {
        Model = model,
        Parameters = parameters,
        Platform = platform ?? PlatformBinding.Parameters(model),
        Settings = PlatformBinding.Scenario(parameters),
        Schedulers = PlatformBinding.Schedulers(model),
    };

    /// <summary>Runs <paramref name="runs"/> replications on all cores; results are in replication order.</summary>
    public Measurement.OperationTimes[] Run(int runs, ulong seed, int threads = 0, IProgress<int>? progress = null,
        CancellationToken cancel = default, SwitchExperiment.Options? options = null)
    {
        var o = (options ?? new SwitchExperiment.Options()) with { AvailableSchedulers = Schedulers };
        var p = Platform;
        var s = Settings;
        return ReplicationRunner.Run(runs, r => SwitchExperiment.Run(p, s, seed, r, o), threads, progress, cancel);
    }
}
