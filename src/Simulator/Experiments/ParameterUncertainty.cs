using System.Globalization;
using XenSwitchSim.Models.Files;
using XenSwitchSim.Models.Mechanisms;
using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Measurement;
using XenSwitchSim.Simulator.Platform;

namespace XenSwitchSim.Simulator.Experiments;

/// <summary>How one calibrated mechanism is drawn, from its fit entry in the model file.</summary>
public sealed record UncertainMechanism(string Name, double Value, double Lower, double Upper, double? Sd, bool Integer)
{
    /// <summary>
    /// The rule, in words, for docs and output: sd given = normal(value, sd) truncated to [lower, upper]; no sd =
    /// [lower, upper] read as a central 95% range around the value: a split normal in log space when lower &gt; 0
    /// (the two sides' sigmas are ln(value/lower)/1.96 and ln(upper/value)/1.96), in linear space otherwise,
    /// truncated to [lower, upper].
    /// </summary>
    public string Rule => Sd is double sd
        ? string.Create(CultureInfo.InvariantCulture, $"normal({Value:G6}, sd {sd:G4}) in [{Lower:G6}, {Upper:G6}]")
        : Lower > 0
            ? string.Create(CultureInfo.InvariantCulture, $"log split-normal, 95% range [{Lower:G6}, {Upper:G6}] around {Value:G6}")
            : string.Create(CultureInfo.InvariantCulture, $"split-normal, 95% range [{Lower:G6}, {Upper:G6}] around {Value:G6}");

    public double Draw(RandomStream r)
    {
        double x = double.NaN;
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var z = r.NextStandardNormal();
            if (Sd is double sd)
            {
                x = Value + z * sd;
            }
            else if (Lower > 0)
            {
                var sigma = z < 0 ? Math.Log(Value / Lower) / 1.959964 : Math.Log(Upper / Value) / 1.959964;
                x = Value * Math.Exp(z * sigma);
            }
            else
            {
                var s = z < 0 ? (Value - Lower) / 1.959964 : (Upper - Value) / 1.959964;
                x = Value + z * s;
            }
            if (x >= Lower && x <= Upper) break;
        }
        x = Math.Clamp(x, Lower, Upper);
        return Integer ? Math.Round(x) : x;
    }
}

/// <summary>
/// --with-parameter-uncertainty: the replications are split into blocks; each block draws the calibrated mechanisms
/// from their uncertainty (the model file's fit entries: value with sd and/or lower/upper) and runs with them. Block b
/// holds replications [b·n/B, (b+1)·n/B), each with its usual streams (seed, replication), so a model without
/// uncertain mechanisms gives exactly the runs of the plain simulation. The draw of mechanism m in block b comes
/// from its own stream (seed, b, "parameter-uncertainty/m"), so adding a mechanism does not move the others.
/// </summary>
public sealed class ParameterUncertainty
{
    public const int DefaultBlocks = 20;

    private ParameterUncertainty(IReadOnlyList<UncertainMechanism> mechanisms) => Mechanisms = mechanisms;

    public IReadOnlyList<UncertainMechanism> Mechanisms { get; }

    /// <summary>How many of the drawn mechanisms have a fitted sd, and how many only a range (a prior's, before calibration).</summary>
    public (int Fitted, int RangeOnly) Counts => (Mechanisms.Count(m => m.Sd is not null), Mechanisms.Count(m => m.Sd is null));

    /// <summary>The bound mechanisms whose model entry carries an sd or a [lower, upper] range wider than a point.</summary>
    /// <param name="fittedOnly">Only entries with an sd (a calibration's fit); otherwise also entries that carry only a
    /// [lower, upper] range (in an uncalibrated model, the prior's admissible range).</param>
    public static ParameterUncertainty Of(ModelDefinition model, bool fittedOnly = false)
    {
        var list = new List<UncertainMechanism>();
        foreach (var (name, setting) in model.Mechanisms.Settings.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (setting.Fit is not { } fit || setting.Value is not double value) continue;
            if (!PlatformBinding.Mechanisms.ContainsKey(name)) continue;
            var lower = fit.Lower ?? setting.Entry.Lower;
            var upper = fit.Upper ?? setting.Entry.Upper;
            var sd = fit.Sd;
            if (sd is null && fit.Lower is null && fit.Upper is null) continue;
            if (fittedOnly && sd is null) continue;
            if (sd is <= 0) continue;
            if (sd is null && !(upper > lower)) continue;
            list.Add(new UncertainMechanism(name, value, lower, upper, sd, setting.Entry.Kind == MechanismKind.Count));
        }
        return new ParameterUncertainty(list);
    }

    /// <summary>The platform of block <paramref name="block"/>: every uncertain mechanism drawn once.</summary>
    public PlatformParameters Draw(PlatformParameters basis, ulong seed, int block)
    {
        var p = basis;
        foreach (var m in Mechanisms)
            p = PlatformBinding.With(p, m.Name, m.Draw(RandomStream.For(seed, block, "parameter-uncertainty/" + m.Name)));
        return p;
    }

    /// <summary>First replication of each block, and n at the end: block b is [starts[b], starts[b+1]).</summary>
    public static int[] BlockStarts(int runs, int blocks)
    {
        var s = new int[blocks + 1];
        for (var b = 0; b <= blocks; b++) s[b] = (int)((long)runs * b / blocks);
        return s;
    }

    /// <summary>The platform of each replication: block b's draw for the replications of block b.</summary>
    public Func<int, PlatformParameters> PlatformOf(PlatformParameters basis, int runs, int blocks, ulong seed)
    {
        var starts = BlockStarts(runs, blocks);
        var platforms = Enumerable.Range(0, blocks).Select(b => Draw(basis, seed, b)).ToArray();
        var blockOf = new int[runs];
        for (var b = 0; b < blocks; b++)
            for (var i = starts[b]; i < starts[b + 1]; i++) blockOf[i] = b;
        return r => platforms[blockOf[r]];
    }

    /// <summary>Runs the scenario's replications block by block, each block with its drawn platform.</summary>
    public OperationTimes[] Run(ResolvedScenario s, int runs, int blocks, ulong seed, int threads, IProgress<int>? progress,
        SwitchExperiment.Options? options = null, CancellationToken cancel = default)
    {
        var o = (options ?? new SwitchExperiment.Options()) with { AvailableSchedulers = s.Schedulers };
        var starts = BlockStarts(runs, blocks);
        var platforms = Enumerable.Range(0, blocks).Select(b => Draw(s.Platform, seed, b)).ToArray();
        var blockOf = new int[runs];
        for (var b = 0; b < blocks; b++)
            for (var i = starts[b]; i < starts[b + 1]; i++) blockOf[i] = b;
        var settings = s.Settings;
        return ReplicationRunner.Run(runs, r => SwitchExperiment.Run(platforms[blockOf[r]], settings, seed, r, o), threads, progress, cancel);
    }
}
