using XenSwitchSim.Simulator.Measurement;

namespace XenSwitchSim.Simulator.Experiments;

/// <summary>Which operation is timed (contracts.md section 2).</summary>
public enum OperationMetric { Switch, Pause, Unpause }

/// <summary>True time (decision to effect) or what the study's probes would observe.</summary>
public enum TimeView { True, Observed }

/// <summary>
/// The metric and view a deadline question is about, and the board(s) that must run for it: a switch needs only the
/// board with the standby, pause and unpause only the board without. Each board draws from its own streams (seed,
/// replication, board name), so running one board alone gives the very numbers it gives beside the other.
/// </summary>
public sealed record MetricChoice(OperationMetric Metric, TimeView View)
{
    public static readonly MetricChoice SwitchTrue = new(OperationMetric.Switch, TimeView.True);

    public string MetricName => Metric.ToString().ToLowerInvariant();

    public string ViewName => View.ToString().ToLowerInvariant();

    public override string ToString() => $"{MetricName} ({ViewName})";

    public static bool TryParse(string metric, string view, out MetricChoice choice, out string error)
    {
        choice = SwitchTrue;
        error = "";
        OperationMetric m;
        switch (metric.Trim().ToLowerInvariant())
        {
            case "switch": m = OperationMetric.Switch; break;
            case "pause": m = OperationMetric.Pause; break;
            case "unpause": m = OperationMetric.Unpause; break;
            default: error = $"unknown metric '{metric}'; expected switch, pause or unpause"; return false;
        }
        TimeView v;
        switch (view.Trim().ToLowerInvariant())
        {
            case "true": v = TimeView.True; break;
            case "observed": v = TimeView.Observed; break;
            default: error = $"unknown view '{view}'; expected true or observed"; return false;
        }
        choice = new MetricChoice(m, v);
        return true;
    }

    /// <summary>The chosen time of one replication in us; NaN when the operation did not complete (or did not run).</summary>
    public double Select(in OperationTimes t) => (Metric, View) switch
    {
        (OperationMetric.Switch, TimeView.True) => t.SwitchTrueUs,
        (OperationMetric.Switch, TimeView.Observed) => t.SwitchObservedUs,
        (OperationMetric.Pause, TimeView.True) => t.PauseTrueUs,
        (OperationMetric.Pause, TimeView.Observed) => t.PauseObservedUs,
        (OperationMetric.Unpause, TimeView.True) => t.UnpauseTrueUs,
        _ => t.UnpauseObservedUs,
    };

    /// <summary>Runs only the board the metric needs.</summary>
    public SwitchExperiment.Options Options(SwitchExperiment.Options? basis = null) =>
        (basis ?? new SwitchExperiment.Options()) with
        {
            PauseUnpause = Metric != OperationMetric.Switch,
            Switch = Metric == OperationMetric.Switch,
        };

    /// <summary>Why this metric cannot be simulated in the scenario, or null.</summary>
    public string? Infeasible(ResolvedScenario s) =>
        Metric == OperationMetric.Switch ? s.Infeasible ?? s.SwitchInfeasible : s.Infeasible;

    /// <summary>
    /// The chosen times of the replications in order. An operation that did not complete within
    /// <see cref="SwitchExperiment.CapNs"/> is a miss at any deadline below the cap; it is counted at the cap
    /// (<paramref name="incomplete"/> says how many), never dropped, so the miss probability is not biased low.
    /// </summary>
    public double[] Times(ReadOnlySpan<OperationTimes> results, out int incomplete)
    {
        var x = new double[results.Length];
        incomplete = 0;
        for (var i = 0; i < results.Length; i++)
        {
            var v = Select(results[i]);
            if (!double.IsFinite(v))
            {
                v = CapUs;
                incomplete++;
            }
            x[i] = v;
        }
        return x;
    }

    /// <summary>The cap of an operation, us.</summary>
    public const double CapUs = SwitchExperiment.CapNs / 1000.0;
}
