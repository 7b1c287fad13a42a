using XenSwitchSim.Models.Files;
using XenSwitchSim.Simulator.Platform;

namespace XenSwitchSim.Calibration.Fitting;

/// <summary>
/// Which environments a free parameter applies to. <see cref="Old"/> is version-specific and
/// fitted on the old environment's rows; the new environment inherits it (times its own
/// cpu_work_scale) unless the mechanism also has a <see cref="New"/> entry.
/// </summary>
public enum Scope
{
    /// <summary>Both environments (same board, same kinds of load, same Linux mechanisms).</summary>
    Shared,
    Old,
    New,
}

/// <summary>A fitted mechanism: searched in log space between <see cref="Lower"/> and <see cref="Upper"/>.</summary>
public sealed record FreeParameter(string Mechanism, Scope Scope, double Prior, double Lower, double Upper, string Why)
{
    public string Label => Scope == Scope.Shared ? Mechanism : $"{Mechanism}[{(Scope == Scope.Old ? "old" : "new")}]";

    public double LogLower => Math.Log(Lower);
    public double LogUpper => Math.Log(Upper);
    public double LogPrior => Math.Log(Prior);
}

/// <summary>
/// The free parameters and how a point in log space becomes the two environments' platform
/// parameters. Everything not free stays at its prior. Bounds are the priors' admissible ranges
/// (a zero lower bound becomes a small positive floor, since the search is in log space).
/// </summary>
public sealed class ParameterSpace
{
    public ParameterSpace(ModelDefinition priors, ModelDefinition oldTemplate, ModelDefinition newTemplate, IEnumerable<(string Mechanism, Scope Scope, string Why)> free)
    {
        Priors = priors;
        OldBase = WithPriors(PlatformBinding.Parameters(oldTemplate), priors);
        NewBase = WithPriors(PlatformBinding.Parameters(newTemplate), priors);
        OldSchedulers = PlatformBinding.Schedulers(oldTemplate);
        NewSchedulers = PlatformBinding.Schedulers(newTemplate);
        Free = [.. free.Select(f => Make(priors, f.Mechanism, f.Scope, f.Why))];
    }

    /// <summary>
    /// One environment (calibration from measurement sets): the template model is the platform and
    /// every mechanism that is not free keeps the template's value; the free ones start at the
    /// priors' values (the template itself when no priors file is given) within the priors' bounds.
    /// Every free parameter is <see cref="Scope.Shared"/>; the rows use <see cref="Env.Old"/>.
    /// </summary>
    public ParameterSpace(ModelDefinition template, ModelDefinition priors, IEnumerable<(string Mechanism, string Why)> free)
    {
        Priors = priors;
        Free = [.. free.Select(f => Make(priors, f.Mechanism, Scope.Shared, f.Why))];
        var p = PlatformBinding.Parameters(template);
        foreach (var f in Free) p = PlatformBinding.With(p, f.Mechanism, f.Prior);
        OldBase = NewBase = p;
        OldSchedulers = NewSchedulers = PlatformBinding.Schedulers(template);
    }

    public ModelDefinition Priors { get; }
    public PlatformParameters OldBase { get; }
    public PlatformParameters NewBase { get; }
    public IReadOnlyCollection<Simulator.Platform.Xen.SchedulerKind> OldSchedulers { get; }
    public IReadOnlyCollection<Simulator.Platform.Xen.SchedulerKind> NewSchedulers { get; }
    public IReadOnlyList<FreeParameter> Free { get; }
    public int Dimension => Free.Count;

    public double[] PriorPoint() => [.. Free.Select(f => f.LogPrior)];

    public double[] Clamp(double[] x) => [.. x.Select((v, i) => Math.Clamp(v, Free[i].LogLower, Free[i].LogUpper))];

    /// <summary>The platform parameters of one environment at log-space point <paramref name="x"/>.</summary>
    public PlatformParameters Platform(double[] x, Env env)
    {
        var p = env == Env.Old ? OldBase : NewBase;
        // Shared first, then the old environment's version-specific values (which the new one
        // inherits unless it has its own entry for the mechanism), then the new one's own.
        foreach (var pass in env == Env.Old ? new[] { Scope.Shared, Scope.Old } : [Scope.Shared, Scope.Old, Scope.New])
        {
            for (var i = 0; i < Free.Count; i++)
            {
                var f = Free[i];
                if (f.Scope != pass) continue;
                if (env == Env.New && pass == Scope.Old && Free.Any(g => g.Scope == Scope.New && g.Mechanism == f.Mechanism)) continue;
                p = PlatformBinding.With(p, f.Mechanism, Math.Exp(Math.Clamp(x[i], f.LogLower, f.LogUpper)));
            }
        }
        return p;
    }

    public IReadOnlyCollection<Simulator.Platform.Xen.SchedulerKind> Schedulers(Env env) => env == Env.Old ? OldSchedulers : NewSchedulers;

    private static PlatformParameters WithPriors(PlatformParameters p, ModelDefinition priors)
    {
        foreach (var name in PlatformBinding.Mechanisms.Keys)
            p = PlatformBinding.With(p, name, priors.Mechanisms.Value(name));
        return p;
    }

    private static FreeParameter Make(ModelDefinition priors, string name, Scope scope, string why)
    {
        var entry = priors.Mechanisms.Catalog.Get(name);
        var prior = priors.Mechanisms.Value(name);
        var lower = entry.Lower;
        var upper = entry.Upper;
        // lower/upper without sd are an admissible range (priors.yaml); with sd they are a fitted
        // value's 95% interval, which must not confine a new fit (the board may differ).
        if (priors.Mechanisms.Settings.TryGetValue(name, out var s) && s.Fit is { Sd: null } fit)
        {
            if (fit.Lower is { } l) lower = Math.Max(lower, l);
            if (fit.Upper is { } u) upper = Math.Min(upper, u);
        }
        // Log space needs a positive floor: a thousandth of the prior (or of the upper bound).
        var floor = (prior > 0 ? prior : upper) * 1e-3;
        lower = Math.Max(lower, floor);
        if (!(prior >= lower && prior <= upper))
        {
            throw new ArgumentException(prior <= 0
                ? $"'{name}' is {prior} in {priors.Name}: a fit searches in log space and needs a positive start value"
                : $"prior of '{name}' ({prior}) lies outside its bounds [{lower}, {upper}]");
        }

        return new FreeParameter(name, scope, prior, lower, upper, why);
    }

    /// <summary>
    /// The default free set, with the reason each is free and why it is shared or per environment.
    /// Xen's own costs (context switch, IPI, domctl: microseconds against milliseconds) and the
    /// small costs the tables cannot see stay at their priors.
    /// </summary>
    public static IReadOnlyList<(string Mechanism, Scope Scope, string Why)> DefaultFree { get; } =
    [
        ("xl_exec_cpu_us", Scope.Old, "xl's exec and dynamic loading: the largest part of every xl launch; version-specific (xl 4.13 vs 4.14, ld.so and DSOs of each distribution)"),
        ("xl_config_cpu_us", Scope.Old, "libxl start-up and xl.conf: with exec it sets the unloaded totals; version-specific"),
        ("xl_lookup_cpu_us", Scope.Old, "getdomaininfolist: unpause does one more than pause, so it sets unpause minus pause; version-specific"),
        ("xl_per_domain_cpu_us", Scope.Old, "per-domain work of the name lookup: the two-domUs row; version-specific"),
        ("xenstored_cpu_us", Scope.Old, "xenstored's service time: each xs_read waits for it to be scheduled; version-specific (xenstored 4.13 vs 4.14)"),
        ("cpu_work_scale", Scope.New, "one factor for every CPU cost of the new environment relative to the old (Xen 4.14 tools, Linux 5.9, Debian 10 DSOs): the new environment has a single row, so its version-specific costs move together"),
        ("cpu_work_sd_rel", Scope.Shared, "run-to-run spread of CPU bursts: the variances of the unloaded rows; same board"),
        ("sampler_overhead_us", Scope.Shared, "sampler period slack: pause phases 2+3 of the idle rows (4067 us); same sampler program"),
        ("net_rx_softirq_core_per_gbps", Scope.Shared, "NIC receive softirq on dom0 vCPU0: the dom0-net-load row and Figure 4's net pattern; same NIC, same load"),
        ("iperf_core_per_gbps", Scope.Shared, "iperf's copy in dom0: the dom0-net-load row; same tool"),
        ("loop_cpu_us", Scope.Shared, "loop worker (nice -20) per sampler batch: the file-disk row"),
        ("blkback_cpu_us", Scope.Shared, "blkback per sampler batch"),
        ("sampler_io_interval_us", Scope.Shared, "how often the sampler's log reaches the disk: with loop/blkback it sets the file-disk row's cost"),
        ("xl_major_fault_prob", Scope.Old, "page-cache misses of xl's image: the 25-100 ms outliers; per environment (the old dom0 had its memory limited to the low 1 GB)"),
        ("xl_major_fault_prob", Scope.New, "page-cache misses of xl's image in the new environment (more dom0 memory after the Sept 2020 fixes)"),
        ("major_faults_per_miss", Scope.Shared, "faults per miss: the outliers' size; same xl image layout"),
        ("sd_read_mean_us", Scope.Shared, "one SD read: the outliers' size; kept shared (both cards are consumer SD cards; the data cannot separate them)"),
        ("sd_stall_rate_per_s", Scope.Old, "card-internal stalls: the old environment's > 2 s unpauses (64 GB card)"),
        ("sd_stall_rate_per_s", Scope.New, "card-internal stalls of the new environment's 32 GB card (no > 2 s run in 100)"),
        ("sd_stall_mean_us", Scope.Shared, "stall length: must reach seconds for the > 2 s unpauses"),
        ("kswapd_wakes_per_s", Scope.Shared, "how often a file-backed disk's page cache wakes kswapd: with its CPU it sets the exposure of xl to direct reclaim; same board and dom0 memory"),
        ("kswapd_cpu_us", Scope.Shared, "kswapd's work per wake-up: how much dom0 load widens its window (hogs share the vCPU with it)"),
        ("writeback_wait_prob", Scope.Old, "direct reclaim waiting for writeback: the old environment's > 2 s unpauses under load (Linux 4.19)"),
        ("writeback_wait_prob", Scope.New, "the same in the new environment (Linux 5.9; no > 2 s run in 100 loaded)"),
        ("writeback_wait_mean_us", Scope.Shared, "length of a writeback batch on the card: over 2 s, with none between 0.2 and 2 s"),
    ];
}
