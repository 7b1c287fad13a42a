using MathNet.Numerics;
using XenSwitchSim.Calibration.Reference;
using XenSwitchSim.Simulator.Measurement;

namespace XenSwitchSim.Calibration.Fitting;

/// <summary>
/// The simulated distribution of one operation of one row: the typical runs (below the
/// multi-second threshold, sorted), how many fell in the multi-second mode, and phase means.
/// The study's 5- and 50-run tables contain no multi-second run, so they are compared with the
/// model's distribution conditional on none (the mode itself is fitted on its own counts).
/// </summary>
public sealed class SimulatedOp
{
    /// <param name="storagePerLaunchUs">
    /// The storage path's expected delay per launch of xl among typical runs (see
    /// <see cref="Evaluator.StorageDelayPerLaunchUs"/>), or NaN for the plain sample mean. Given, <see cref="Mean"/> is
    /// the control-variate mean: sample mean - mean storage delay of these runs + its expectation. Unbiased like the
    /// sample mean, but a few page-cache misses or an SD stall among a few dozen runs no longer move it: under common
    /// random numbers the search would otherwise fit that one realisation (README, Calibration).
    /// </param>
    public SimulatedOp(Operation op, IReadOnlyList<OperationTimes> runs, double storagePerLaunchUs = double.NaN)
    {
        Op = op;
        double storageSumUs = 0, launchSum = 0;
        var keep = new List<double>(runs.Count);
        var phaseSums = new double[3];
        var inOrder = new double[runs.Count];
        for (var i = 0; i < runs.Count; i++)
        {
            var t = runs[i];
            var v = op switch
            {
                Operation.Pause => t.PauseObservedUs,
                Operation.Unpause => t.UnpauseObservedUs,
                _ => t.SwitchObservedUs,
            };
            inOrder[i] = v;
            if (double.IsNaN(v) || v >= CalibrationData.RareThresholdUs)
            {
                Rare++;
                continue;
            }
            keep.Add(v);
            var (storageUs, launches) = op switch
            {
                Operation.Pause => (t.PauseStorageUs, t.PauseXlLaunches),
                Operation.Unpause => (t.UnpauseStorageUs, t.UnpauseXlLaunches),
                _ => (t.SwitchStorageUs, t.SwitchXlLaunches),
            };
            storageSumUs += storageUs;
            launchSum += launches;
            if (op == Operation.Pause)
            {
                phaseSums[0] += t.PauseXlToDomULastSampleUs;
                phaseSums[1] += t.PauseDomULastSampleToXenUs;
                phaseSums[2] += t.PauseXenToVcpuPausedUs;
            }
            else if (op == Operation.Unpause)
            {
                phaseSums[0] += t.UnpauseXlToXenUs;
                phaseSums[1] += t.UnpauseXenToVcpuRunningUs;
                phaseSums[2] += t.UnpauseVcpuRunningToDomUSampleUs;
            }
        }
        keep.Sort();
        Sorted = [.. keep];
        InRunOrderUs = inOrder;
        Total = runs.Count;
        var n = Math.Max(1, Sorted.Length);
        SampleMean = Sorted.Length > 0 ? Sorted.Average() : double.NaN;
        SampleVariance = Sorted.Length > 1 ? Sorted.Sum(x => (x - SampleMean) * (x - SampleMean)) / (Sorted.Length - 1) : double.NaN;
        StorageMeanUs = Sorted.Length > 0 ? storageSumUs / Sorted.Length : double.NaN;
        Mean = double.IsFinite(storagePerLaunchUs) && double.IsFinite(StorageMeanUs)
            ? SampleMean - StorageMeanUs + launchSum / Sorted.Length * storagePerLaunchUs
            : SampleMean;
        // The simulator's per-replication results carry no switch phases (validate derives them
        // from the probes); a switch is compared on its total only.
        var names = Phases.Of(op);
        PhasesUs = op == Operation.Switch
            ? new Dictionary<string, double>()
            : new Dictionary<string, double>
            {
                [names[0]] = phaseSums[0] / n,
                [names[1]] = phaseSums[1] / n,
                [names[2]] = phaseSums[2] / n,
            };
    }

    public Operation Op { get; }
    public double[] Sorted { get; }

    /// <summary>The plain mean of the typical runs.</summary>
    public double SampleMean { get; }

    /// <summary>The mean time the typical runs' launches of xl blocked on the storage path.</summary>
    public double StorageMeanUs { get; }

    /// <summary>Every run's observed time in replication order (the multi-second ones and NaN included): pairs a row's pause with its unpause (Figure 3).</summary>
    public IReadOnlyList<double> InRunOrderUs { get; }
    public int Rare { get; }
    public int Total { get; }
    /// <summary>The mean of the typical runs: the control-variate mean when a storage expectation was given, else the sample mean.</summary>
    public double Mean { get; }
    public double SampleVariance { get; }
    public IReadOnlyDictionary<string, double> PhasesUs { get; }

    /// <summary>R-7 quantile of the typical runs.</summary>
    public double Quantile(double p)
    {
        if (Sorted.Length == 0) return double.NaN;
        var h = (Sorted.Length - 1) * Math.Clamp(p, 0, 1);
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, Sorted.Length - 1);
        return Sorted[lo] + (h - lo) * (Sorted[hi] - Sorted[lo]);
    }

    /// <summary>
    /// The expected i-th smallest of n draws (1-based), as an L-estimator on the simulated runs:
    /// weight of the j-th of m sorted values = I_{j/m}(i, n-i+1) - I_{(j-1)/m}(i, n-i+1).
    /// </summary>
    public double ExpectedOrderStatistic(int i, int n)
    {
        var m = Sorted.Length;
        if (m == 0) return double.NaN;
        double sum = 0, prev = 0;
        for (var j = 1; j <= m; j++)
        {
            var c = SpecialFunctions.BetaRegularized(i, n - i + 1, (double)j / m);
            sum += (c - prev) * Sorted[j - 1];
            prev = c;
        }
        return sum;
    }

    /// <summary>
    /// The contract's range for n draws: the p0.5 of their minimum and the p99.5 of their maximum
    /// (F^-1(1 - 0.995^(1/n)) and F^-1(0.995^(1/n))).
    /// </summary>
    public (double Low, double High) RangeFor(int n) =>
        (Quantile(1 - Math.Pow(0.995, 1.0 / n)), Quantile(Math.Pow(0.995, 1.0 / n)));
}

/// <summary>The simulated operations of a row (pause and unpause always simulated; the switch when the row measured one).</summary>
public sealed record SimulatedRow(RowTarget Row, SimulatedOp Pause, SimulatedOp Unpause)
{
    public SimulatedOp? Switch { get; init; }

    public SimulatedOp Of(Operation op) => op switch
    {
        Operation.Pause => Pause,
        Operation.Unpause => Unpause,
        _ => Switch ?? throw new InvalidOperationException($"row '{Row.Key}': the switch was not simulated"),
    };
}
